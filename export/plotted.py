"""The data behind a figure, one row per plotted point: which study and cohort, n, time, value, whether it is
reported or derived (and how), and where in the source it stands. Built on request (a deferred download)."""

from __future__ import annotations

import math

import pandas as pd

from views.survival import INTERPOLATION

SURVIVAL_COLUMNS = (
    "series",
    "study",
    "cohort_id",
    "n",
    "time_years",
    "survival",
    "ci_lower",
    "ci_upper",
    "kind",
    "reported_or_derived",
    "how",
    "source_row",
    "locator",
    "source_words",
)


def survival_points(view, unit=None) -> pd.DataFrame:
    """Every point of a survival figure (views.survival.SurvivalView): each reported value, each point of the dashed
    model line between them, each pooled value, and (with `unit`, views.local_series) the unit's Kaplan–Meier steps."""
    rows = []
    for contrast, curves in ((False, view.curves), (True, view.contrast)):
        for curve in curves:
            series = ("Whole cohort (for contrast): " if contrast else "") + curve.name
            common = {"series": series, "study": curve.study_label, "cohort_id": curve.cohort_id, "n": curve.n}
            for p in curve.points:
                rows.append(
                    {
                        **common,
                        "time_years": p.time_years,
                        "survival": p.survival,
                        "ci_lower": p.ci_lower,
                        "ci_upper": p.ci_upper,
                        "kind": p.kind,
                        "reported_or_derived": "reported",
                        "how": p.flag or (p.text if p.kind == "median_not_reached" else ""),
                        "source_row": p.row_id,
                        "locator": p.locator,
                        "source_words": p.quote,
                    }
                )
            for t, s in zip(curve.times, curve.survival, strict=True):
                rows.append(
                    {
                        **common,
                        "time_years": float(t),
                        "survival": float(s),
                        "kind": "line",
                        "reported_or_derived": "derived",
                        "how": f"model line: {INTERPOLATION}",
                    }
                )
    for p in view.pooled:
        rows.append(
            {
                "series": f"Pooled across {p.k} studies",
                "study": "; ".join(p.studies),
                "n": p.patients,
                "time_years": p.time_years,
                "survival": p.estimate,
                "ci_lower": p.ci_lower,
                "ci_upper": p.ci_upper,
                "kind": "pooled",
                "reported_or_derived": "derived",
                "how": f"{p.method}; 95% prediction interval {p.pi_text}; I² {p.i2:.0f}%",
            }
        )
    if unit is not None and unit.curve is not None:
        for t, s, lo, hi in zip(unit.curve.times, unit.curve.survival, unit.curve.lower, unit.curve.upper, strict=True):
            rows.append(
                {
                    "series": unit.legend,
                    "study": "Our unit (local data, not published, not checked)",
                    "n": unit.n,
                    "time_years": float(t),
                    "survival": float(s),
                    "ci_lower": float(lo),
                    "ci_upper": float(hi),
                    "kind": "kaplan_meier",
                    "reported_or_derived": "derived",
                    "how": "Kaplan–Meier of the unit's patients, 95% CI log-log",
                }
            )
    frame = pd.DataFrame(rows, columns=list(SURVIVAL_COLUMNS))
    return frame.astype({"n": "Int64"})


def forest_points(view) -> pd.DataFrame:
    """Every row of a forest plot (views.forest.ForestView) and its pooled estimate."""
    rows = [
        {
            "study": r.study_label,
            "effect_id": r.effect_id,
            "comparison": f"{r.level} vs {r.reference}",
            "analysis": r.analysis,
            "endpoint": r.endpoint,
            "n": r.n,
            "measure": r.measure_as_stated,
            "estimate": r.estimate,
            "ci_lower": r.ci_lower,
            "ci_upper": r.ci_upper,
            "p": r.p_text,
            "reported_or_derived": r.provenance,
            "pooled": "yes" if r.pooled else f"no: {r.why_not_pooled}",
            "locator": r.locator,
            "source_words": r.quote,
        }
        for r in view.rows
    ]
    if view.pooled is not None:
        p = view.pooled
        rows.append(
            {
                "study": f"Pooled across {p.k} studies",
                "measure": "HR",
                "estimate": math.exp(p.estimate),
                "ci_lower": math.exp(p.ci_lower),
                "ci_upper": math.exp(p.ci_upper),
                "reported_or_derived": f"derived: random-effects pool ({p.method}, {p.test}); I² {p.i2:.0f}%",
            }
        )
    return pd.DataFrame(rows).astype({"n": "Int64"}) if rows else pd.DataFrame()
