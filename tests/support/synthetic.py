"""Test fixtures built on the shipped evidence: the real tables plus rows a test adds.

The shipped effects table has no factor with two poolable hazard ratios, and the reviews table
has no column linking a result to a factor, so the subgroup test and the forest plot's review
block are exercised on added rows. The added numbers are test inputs chosen for easy hand
calculation, never evidence; they live only in memory."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd

import evidence

EV = evidence.load()
TABLES = (
    "studies",
    "cohorts",
    "survival",
    "effects",
    "reviews",
    "discrepancies",
    "vocabulary",
    "comparisons",
    "counts",
    "quantities",
)
FACTOR = "test_factor:yes_vs_no"
Z = 1.959963984540054  # the 97.5% normal quantile that stats.effects.from_ci divides by


def evidence_with(effects: list[dict] = (), review_columns: dict[str, dict[str, str]] | None = None) -> SimpleNamespace:
    """The shipped evidence with `effects` rows appended and, for `review_columns`
    {column: {review id: value}}, extra columns on the reviews table."""
    tables = {name: EV.table(name) for name in TABLES}
    if effects:
        added = pd.DataFrame(list(effects)).dropna(axis=1, how="all")  # empty columns stay empty (NaN) after the concat
        tables["effects"] = pd.concat([tables["effects"], added], ignore_index=True)
    for column, values in (review_columns or {}).items():
        tables["reviews"][column] = tables["reviews"]["id"].map(values)
    return SimpleNamespace(**tables)


def hazard_ratio(
    study: str, log_hr: float, se: float, analysis: str = "multivariable", cohort: str | None = None
) -> dict:
    """An effects row whose 95% CI gives back exactly `log_hr` and `se`."""
    return {
        "id": f"test-{study}-{analysis}",
        "study_id": study,
        "cohort_id": cohort or f"{study}-all",
        "endpoint": "OS",
        "factor": "test_factor",
        "level": "yes",
        "reference": "no",
        "comparison_key": FACTOR,
        "per_unit": None,
        "measure": "HR",
        "measure_as_stated": "HR",
        "estimate": math.exp(log_hr),
        "ci_lower": math.exp(log_hr - Z * se),
        "ci_upper": math.exp(log_hr + Z * se),
        "ci_level": 0.95,
        "p_value": None,
        "p_operator": None,
        "analysis": analysis,
        "events": None,
        "source": "test",
        "locator": "test row",
        "quote": "",
    }
