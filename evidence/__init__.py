"""Curated evidence on hepatic resection for NELM: data files, schema, loader, checker.

Pure Python: never imports streamlit or plotly.

    >>> import evidence
    >>> ev = evidence.load()
    >>> ev.survival.columns[:3].tolist()
    ['id', 'study_id', 'cohort_id']
"""

from .loader import DATA_DIR, SOURCES_DIR, Evidence, load
from .problems import EvidenceError, Problem
from .schema import COHORT_DIMENSIONS, TABLES

__all__ = ["load", "Evidence", "EvidenceError", "Problem", "TABLES", "COHORT_DIMENSIONS", "DATA_DIR", "SOURCES_DIR"]
