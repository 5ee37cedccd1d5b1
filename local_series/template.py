"""The template a unit fills in, and synthetic series (never patients) for the page's example, the tests and the
benchmarks."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from .parse import DATE_COLUMN, DIMENSION_COLUMNS

TEMPLATE_CSV = (
    "time_months,event,primary_site,extrahepatic,margin,grade,ki67,functional,primary_resected,resection_date\r\n"
    "62.5,0,small_bowel,no,r0,g1,2,no,yes,2015-03\r\n"
    "18.0,1,pancreas,yes,r1,g2,12,no,yes,2019-11\r\n"
    "40.2,0,,no,,g2,,yes,no,2021\r\n"
).encode("utf-8-sig")  # Excel opens a UTF-8 CSV with a byte order mark as UTF-8
EXAMPLE_NAME = "synthetic_example_unit.csv"


def synthetic_series(n: int, seed: int = 19) -> bytes:
    """A made-up series of `n` patients as a CSV in the template's columns: exponential survival (about 75% at five
    years, worse for a pancreatic primary, extrahepatic disease and G3) under administrative censoring after 1–12
    years of follow-up. Not patients; for the example, the tests and the benchmarks."""
    rng = np.random.default_rng(seed)
    site = rng.choice(["small_bowel", "pancreas", "colon", "unknown"], size=n, p=[0.55, 0.3, 0.05, 0.1])
    extrahepatic = rng.choice(["no", "yes"], size=n, p=[0.8, 0.2])
    grade = rng.choice(["g1", "g2", "g3"], size=n, p=[0.45, 0.45, 0.1])
    margin = rng.choice(["r0", "r1", ""], size=n, p=[0.6, 0.3, 0.1])
    hazard = -np.log(0.8) / 5 * np.where(site == "pancreas", 1.4, 1.0)
    hazard = hazard * np.where(extrahepatic == "yes", 2.0, 1.0) * np.where(grade == "g3", 3.0, 1.0)
    death = rng.exponential(1 / hazard)
    censor = rng.uniform(1, 12, size=n)
    years = np.minimum(death, censor)
    frame = pd.DataFrame(
        {
            "time_months": np.maximum(np.round(years * 12, 1), 0.1),
            "event": (death <= censor).astype(int),
            "primary_site": site,
            "extrahepatic": extrahepatic,
            "margin": margin,
            "grade": grade,
        }
    )
    assert set(frame.columns) - {"time_months", "event"} <= set(DIMENSION_COLUMNS) and DATE_COLUMN not in frame
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8")
