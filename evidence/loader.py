"""Load and validate the evidence tables: all or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from . import assessments, relations
from .markup import markup_problems
from .pandera_schemas import schema_problems
from .parse import parse_table
from .problems import EvidenceError, Problem
from .schema import TABLES

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SOURCES_DIR = PACKAGE_DIR / "sources"
CURATED_ON_FILE = "curated_on.txt"
SYNTHETIC_MARKER = "SYNTHETIC"  # written by tools/synthetic_evidence.py: benchmark data, shown as such on every page


@dataclass(frozen=True)
class Evidence:
    """Validated evidence tables. Attribute access returns a copy, so callers cannot
    change the loaded data (`ev.survival` is a fresh DataFrame each time)."""

    _tables: MappingProxyType
    version: str
    curated_on: str
    data_dir: Path
    # what is derived once per evidence (views.catalog)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            raise KeyError(f"no table '{name}'; tables are {', '.join(self._tables)}")
        return self._tables[name].copy()

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.table(name)
        except KeyError as err:
            raise AttributeError(str(err)) from None

    @property
    def table_names(self) -> list[str]:
        return list(self._tables)

    @property
    def synthetic(self) -> bool:
        return (self.data_dir / SYNTHETIC_MARKER).is_file()

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self._tables.items()}

    def memo(self, name: str, build):
        """`build()` once for this evidence, then the same object: for read-only structures derived from the tables
        (an index, a hierarchy), never for the tables themselves."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]


def load(data_dir: str | Path | None = None, sources_dir: str | Path | None = None) -> Evidence:
    """Read, type and validate every table in `data_dir` (default: the shipped evidence).

    Raises EvidenceError listing every problem (file, line, id, field) if anything is
    wrong; no partly loaded table is ever returned.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    sources_dir = Path(sources_dir) if sources_dir else SOURCES_DIR
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise EvidenceError([Problem(str(data_dir), None, None, None, "is not a directory")])
    frames = {name: parse_table(table, data_dir / table.file_name, problems) for name, table in TABLES.items()}
    if any(frame is None for frame in frames.values()):
        raise EvidenceError(problems)
    vocabulary = _vocabulary(frames["vocabulary"])
    for name, frame in frames.items():
        problems += schema_problems(TABLES[name], frame, vocabulary)
        problems += markup_problems(TABLES[name], frame)
    problems += _relation_problems(frames, sources_dir)
    if problems:
        raise EvidenceError(problems)
    tables = {name: frame.drop(columns="_line").reset_index(drop=True) for name, frame in frames.items()}
    return Evidence(MappingProxyType(tables), _version(data_dir), _curated_on(data_dir), data_dir)


def _vocabulary(frame: pd.DataFrame) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for dim, value in zip(frame["dimension"], frame["value"], strict=True):
        if isinstance(dim, str) and isinstance(value, str):
            out.setdefault(dim, set()).add(value)
    return out


def _relation_problems(frames: dict[str, pd.DataFrame], sources_dir: Path) -> list[Problem]:
    seen = relations.acknowledged(frames)
    return [
        *relations.duplicate_ids(frames),
        *relations.references(frames),
        *relations.same_study(frames),
        *relations.duplicate_studies(frames),
        *relations.provenance(frames, sources_dir),
        *relations.values_in_quotes(frames),
        *relations.survival_rows(frames),
        *relations.effect_rows(frames, seen),
        *relations.count_rows(frames, seen),
        *relations.quantity_rows(frames),
        *relations.review_rows(frames),
        *relations.study_rows(frames),
        *relations.cohort_sizes(frames),
        *relations.overlap_decisions(frames),
        *relations.treatment_codes(frames),
        *relations.grade_quotes(frames),
        *relations.time_origins(frames),
        *relations.survival_consistency(frames, seen),
        *assessments.risk_of_bias_rows(frames),
        *assessments.override_rows(frames),
    ]


def _version(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for table in TABLES.values():
        digest.update((data_dir / table.file_name).read_bytes())
    return digest.hexdigest()[:12]


def _curated_on(data_dir: Path) -> str:
    path = data_dir / CURATED_ON_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else "unknown"
