"""A human-readable overview of the evidence: studies, n, what each reports."""

from __future__ import annotations

from .loader import Evidence


def summary_text(ev: Evidence) -> str:
    studies, survival, effects = ev.studies, ev.survival, ev.effects
    counts, discrepancies, cohorts = ev.counts, ev.discrepancies, ev.cohorts
    lines = [f"Evidence table version {ev.version}, curated on {ev.curated_on}", ""]
    for study in studies.itertuples():
        period = _period(study.period_start, study.period_end)
        n = "n not stated" if study.n is None or str(study.n) == "<NA>" else f"n = {study.n}"
        lines.append(f"{study.id}: {study.citation}")
        lines.append(f"  {n}; {period}; {study.centres}-centre; {study.evidence_level.replace('_', ' ')}")
        lines.append(f"  population: {study.population}; intervention: {study.intervention}")
        s = survival[survival.study_id == study.id]
        endpoints = ", ".join(sorted(s.endpoint.unique())) or "none"
        lines.append(
            f"  reports: {len(s)} survival points ({endpoints}) in {s.cohort_id.nunique()} cohorts, "
            f"{(effects.study_id == study.id).sum()} effect estimates, {(counts.study_id == study.id).sum()} counts, "
            f"{(cohorts.study_id == study.id).sum()} cohorts"
        )
        d = discrepancies[discrepancies.study_id == study.id]
        if len(d):
            lines.append(f"  discrepancies: {len(d)} ({(d.severity == 'major').sum()} major)")
        lines.append("")
    lines.append("Rows per table: " + ", ".join(f"{k} {v}" for k, v in ev.row_counts().items()))
    return "\n".join(lines)


def _period(start, end) -> str:
    def shown(v):
        return "?" if v is None or str(v) == "<NA>" else str(v)

    if shown(start) == "?" and shown(end) == "?":
        return "accrual period not stated"
    return f"accrual {shown(start)}–{shown(end)}"
