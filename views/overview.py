"""Overview page view model: study table, headline figures."""

from __future__ import annotations

import pandas as pd

from .catalog import catalog
from .labels import Labels
from .survival import time_text


def _text(value, missing: str = "not stated") -> str:
    return missing if value is None or pd.isna(value) else str(value)


def study_rows(ev, labels: Labels) -> list[dict]:
    out = []
    for s in ev.studies.to_dict("records"):
        start, end = _text(s["period_start"], "?"), _text(s["period_end"], "?")
        out.append(
            {
                "Study": labels.study(s["id"]),
                "n": _text(s["n"]),
                "Period": "not stated" if start == end == "?" else f"{start}–{end}",
                "Institution": _text(s["institutions"]),
                "Centres": s["centres"].replace("_", " "),
                "Design": s["design"],
                "Population": s["population"],
                "Intervention": s["intervention"],
                "Citation": s["citation"]
                + (" [partly unconfirmed]" if s["citation_status"] == "partly_unconfirmed" else ""),
                "Text available": s["evidence_level"].replace("_", " "),
            }
        )
    return out


def headline_rows(ev, labels: Labels) -> list[dict]:
    """Whole-cohort survival points of every study, exactly as reported."""
    cohorts = catalog(ev).cohorts
    out = []
    for r in ev.survival.sort_values(["study_id", "endpoint", "time_years"]).to_dict("records"):
        cohort = cohorts.loc[r["cohort_id"]]
        if cohort["parent_id"] is not None and not pd.isna(cohort["parent_id"]):
            continue
        if r["kind"] == "median":
            value = f"median {time_text(r['time_value'], r['time_unit'])}"
        elif r["kind"] == "median_not_reached":
            value = "median not reached"
        else:
            value = f"{100 * r['survival']:.1f}% at {time_text(r['time_value'], r['time_unit'])}"
        out.append(
            {
                "Study": labels.study(r["study_id"]),
                "Cohort": cohort["label"],
                "n": _text(cohort["n"]),
                "Endpoint": labels.value("endpoint", r["endpoint"]),
                "Reported": value,
                "Source": r["locator"],
            }
        )
    return out
