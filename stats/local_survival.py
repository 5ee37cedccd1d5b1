"""A unit's own patients, summarised as the field does: Kaplan–Meier with its 95% CI (lifelines, log-log, as R's
`survfit(..., conf.type = "log-log")`), survival at fixed years with numbers at risk, the median, the median follow-up
by reverse Kaplan–Meier (Schemper & Smith 1996), and a log-rank test across the unit's own subgroups."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .reconstruct import KaplanMeier, km_from_ipd

MIN_GROUP = 10  # a subgroup smaller than this is named, not tested
BEYOND = "beyond follow-up"


@dataclass(frozen=True)
class SurvivalAt:
    """S(t) of the unit's series at one time, or why there is none."""

    years: float
    survival: float | None
    ci_lower: float | None
    ci_upper: float | None
    at_risk: int
    why_none: str = ""  # 'beyond follow-up' when the longest follow-up is shorter


@dataclass(frozen=True)
class LocalSurvival:
    km: KaplanMeier
    n: int
    deaths: int
    median_years: float | None  # None: not reached
    median_follow_up_years: float | None  # reverse Kaplan–Meier; None when every patient died
    longest_years: float
    sorted_times: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.empty(0))
    sorted_events: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.empty(0))

    def at(self, years: float) -> SurvivalAt:
        at_risk = self.at_risk([years])[0]
        survival = self.km.at(min(years, self.longest_years))
        if survival == 0.0:  # every patient had died by then: 0%, whatever the follow-up (no CI at 0)
            return SurvivalAt(years, 0.0, None, None, at_risk)
        if years > self.longest_years:
            return SurvivalAt(years, None, None, None, at_risk, BEYOND)
        lower, upper = self.km.interval_at(years)
        return SurvivalAt(years, survival, lower, upper, at_risk)

    def standard_error(self, years: float) -> float:
        """Greenwood's standard error of S(t): S·√Σ d/(n(n − d)) over the death times up to t (R: summary()$std.err)."""
        times, events = self.sorted_times, self.sorted_events
        death_times, deaths = np.unique(times[(events == 1) & (times <= years)], return_counts=True)
        at_risk = len(times) - np.searchsorted(times, death_times, side="left")
        with np.errstate(divide="ignore"):
            total = float(np.sum(deaths / (at_risk * (at_risk - deaths))))
        return self.km.at(years) * math.sqrt(total)

    def effective_n(self, years: float) -> float | None:
        """The size of an uncensored series as precise as this one at t: S(1 − S)/SE² (None when S is 0 or 1)."""
        survival, se = self.km.at(years), self.standard_error(years)
        return survival * (1 - survival) / se**2 if 0 < survival < 1 and se > 0 else None

    def at_risk(self, years) -> list[int]:
        """Patients still followed at each time (follow-up ≥ t), as R's `summary(fit, times)$n.risk`."""
        ordered = self.sorted_times
        return [int(len(ordered) - np.searchsorted(ordered, t, side="left")) for t in years]


def local_survival(time_years: pd.Series, event: pd.Series) -> LocalSurvival:
    """Kaplan–Meier of the unit's patients (time in years, event 1 = death)."""
    ipd = pd.DataFrame({"time": np.asarray(time_years, float), "event": np.asarray(event, int)})
    km = km_from_ipd(ipd)
    reverse = pd.DataFrame({"time": ipd["time"], "event": 1 - ipd["event"]})
    follow_up = km_from_ipd(reverse).median if reverse["event"].any() else math.nan
    return LocalSurvival(
        km,
        len(ipd),
        int(ipd["event"].sum()),
        None if math.isinf(km.median) else km.median,
        None if not math.isfinite(follow_up) else follow_up,
        float(ipd["time"].max()),
        ipd["time"].to_numpy()[order := np.argsort(ipd["time"].to_numpy(), kind="stable")],
        ipd["event"].to_numpy()[order],
    )


@dataclass(frozen=True)
class GroupComparison:
    """Log-rank across a dimension's groups of at least MIN_GROUP patients (others named in `left_out`)."""

    column: str
    groups: tuple[tuple[str, int, int], ...]  # (value, patients, deaths)
    statistic: float | None
    df: int
    p: float | None
    left_out: tuple[tuple[str, int], ...]  # (value, patients) of groups too small to test
    method: str = "log-rank test (lifelines.statistics.multivariate_logrank_test; R survival::survdiff)"


def compare_groups(patients: pd.DataFrame, column: str) -> GroupComparison:
    """Log-rank χ² (groups − 1 df) across the values of `column`; patients without a value are left out."""
    from lifelines.statistics import multivariate_logrank_test

    known = patients[patients[column].notna()]
    sizes = known.groupby(column, sort=True)["event"].agg(["size", "sum"])
    tested = sizes[sizes["size"] >= MIN_GROUP]
    left_out = tuple((str(v), int(r["size"])) for v, r in sizes[sizes["size"] < MIN_GROUP].iterrows())
    groups = tuple((str(v), int(r["size"]), int(r["sum"])) for v, r in tested.iterrows())
    if len(groups) < 2:
        return GroupComparison(column, groups, None, 0, None, left_out)
    rows = known[known[column].isin(tested.index)]
    result = multivariate_logrank_test(rows["time_years"], rows[column], rows["event"])
    return GroupComparison(
        column, groups, float(result.test_statistic), len(groups) - 1, float(result.p_value), left_out
    )
