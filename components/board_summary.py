"""The tumour-board view as the one-page summary for the minutes (components.export.BoardSummary).
Pure: the page adds the figure's PNG, the time and the link; this module only reshapes numbers
the view already holds, and never computes one."""

from __future__ import annotations

from datetime import datetime

from .export import BoardSummary, NumberRow
from .footer import LIMITS

TITLE = "Tumour board: published evidence on liver resection for NELM"


def readout_numbers(view) -> list[NumberRow]:
    """5- and 10-year values of every drawn curve, matching cohorts first, each with reported/derived."""
    rows = []
    for record in view.readout.to_dict("records"):
        for column in [c for c in record if c.endswith(" y")]:
            value, _, kind = record[column].partition(" (")
            kind = kind.rstrip(")")
            if kind.startswith("beyond"):
                continue
            provenance = "reported" if kind == "reported" else "derived: log-linear interpolation between reported points"
            group = record["Group"] + ("" if record["Matches the profile on"].startswith("—") else f" [matches: {record['Matches the profile on']}]")
            rows.append(NumberRow(f"{record['Study']}: {group}, survival at {column}", value, record["n"], provenance,
                                  record["Study"], record["Source"]))
    return rows


def factor_numbers(view) -> list[NumberRow]:
    return [NumberRow(f"{f.label} — {r.comparison} ({r.endpoint}, {r.analysis}; this patient: {r.patient_group})", r.value, r.n,
                      r.provenance, r.study_label, r.source) for f in view.factors for r in f.rows]


def board_summary(view, figure_png: bytes | None, figure_words: str, ev, link: str, now: datetime) -> BoardSummary:
    matched = [r for r in readout_numbers(view) if "[matches:" in r.what]
    contrast = [r for r in readout_numbers(view) if "[matches:" not in r.what]
    return BoardSummary(
        title=TITLE, generated_at=now, profile=list(view.profile),
        figures=[(figure_words, figure_png)] if figure_png else [],
        numbers=matched + factor_numbers(view) + contrast,
        evidence_version=ev.version, curated_on=ev.curated_on, link=link, limits=LIMITS,
        notices=[*view.contradictions, *view.gaps],
    )
