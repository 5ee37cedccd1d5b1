"""A unit's own series against R survival (tests/reference/make_local_reference.R on the shipped synthetic example):

    fit <- survfit(Surv(years, event) ~ 1, data = d, conf.type = "log-log")
    summary(fit, times = c(1, 3, 5, 10))            # surv, lower, upper, n.risk
    survfit(Surv(years, 1 - event) ~ 1, data = d)   # reverse Kaplan–Meier: median follow-up
    survdiff(Surv(years, event) ~ primary_site)     # groups of 10 or more patients

and the funnel plot's limits against Spiegelhalter's formula worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stats.funnel import control_limits, position
from stats.local_survival import BEYOND, compare_groups, local_survival

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = pd.read_csv(ROOT / "local_series" / "synthetic_example_unit.csv")
EXAMPLE["time_years"] = EXAMPLE["time_months"] / 12
R = pd.read_csv(ROOT / "tests" / "reference" / "local_km_reference.csv")


def _r(quantity: str) -> pd.DataFrame:
    return R[R["quantity"] == quantity]


@pytest.fixture(scope="module")
def fitted():
    return local_survival(EXAMPLE["time_years"], EXAMPLE["event"])


@pytest.mark.parametrize("row", _r("km").to_dict("records"), ids=lambda r: f"{r['years']:g}y")
def test_survival_ci_and_numbers_at_risk_equal_r_survfit(fitted, row):
    at = fitted.at(row["years"])
    assert at.survival == pytest.approx(row["surv"], abs=1e-6)
    assert at.ci_lower == pytest.approx(row["lower"], abs=1e-6)
    assert at.ci_upper == pytest.approx(row["upper"], abs=1e-6)
    assert at.at_risk == row["n_risk"]


def test_median_survival_not_reached_and_median_follow_up_as_r(fitted):
    assert pd.isna(_r("median_survival")["surv"].iloc[0]) and fitted.median_years is None
    assert fitted.median_follow_up_years == pytest.approx(_r("median_follow_up")["surv"].iloc[0], abs=1e-9)


def test_beyond_the_longest_follow_up_there_is_no_value(fitted):
    at = fitted.at(fitted.longest_years + 0.5)
    assert at.survival is None and at.why_none == BEYOND and at.at_risk == 0


def test_log_rank_across_groups_of_ten_or_more_equals_r_survdiff():
    patients = EXAMPLE
    sites = compare_groups(patients, "primary_site")
    reference = _r("logrank_primary_site").iloc[0]
    assert sites.statistic == pytest.approx(reference["surv"], abs=1e-6)
    assert sites.df == reference["lower"] == 2
    assert sites.p == pytest.approx(reference["upper"], abs=1e-6)
    assert sites.left_out == (("colon", 5),)  # fewer than 10 patients: named, not tested
    extrahepatic = compare_groups(patients, "extrahepatic")
    assert extrahepatic.statistic == pytest.approx(_r("logrank_extrahepatic")["surv"].iloc[0], abs=1e-6)


def test_one_group_large_enough_is_not_tested():
    patients = pd.DataFrame(
        {"time_years": np.arange(1, 16, dtype=float), "event": [1, 0] * 7 + [1], "margin": ["r0"] * 12 + ["r1"] * 3}
    )
    result = compare_groups(patients, "margin")
    assert result.p is None and result.groups == (("r0", 12, 6),) and result.left_out == (("r1", 3),)


def test_funnel_limits_as_worked_by_hand():
    # p0 = 0.743, n = 100: sqrt(0.743 × 0.257 / 100) = 0.0436979; × 1.959964 = 0.0856464; × 3.090232 = 0.1350368
    lower95, upper95 = control_limits(0.743, [100], 0.95)
    lower998, upper998 = control_limits(0.743, [100], 0.998)
    assert (lower95[0], upper95[0]) == pytest.approx((0.6573536, 0.8286464), abs=1e-6)
    assert (lower998[0], upper998[0]) == pytest.approx((0.6079632, 0.8780368), abs=1e-6)
    # n = 4: the 99.8% upper limit would pass 100%; it is held there
    assert control_limits(0.9, [4], 0.998)[1][0] == 1.0


def test_funnel_zones():
    assert position(0.80, 100, 0.743).zone == "within the 95% limits"
    alert = position(0.84, 100, 0.743)
    assert (alert.zone, alert.side) == ("between the 95% and 99.8% limits", "above")
    alarm = position(0.60, 100, 0.743)
    assert (alarm.zone, alarm.side) == ("beyond the 99.8% limits", "below")


@pytest.mark.parametrize("row", _r("std_err").to_dict("records"), ids=lambda r: f"{r['years']:g}y")
def test_greenwood_standard_error_equals_r(fitted, row):
    assert fitted.standard_error(row["years"]) == pytest.approx(row["surv"], abs=1e-9)


def test_effective_size_at_five_years_from_r_standard_error(fitted):
    # R: S(5) = 0.7773297, std.err 0.04187137: 0.7773297 × 0.2226703 / 0.04187137² = 98.73
    assert fitted.effective_n(5) == pytest.approx(98.73, abs=0.01)


def test_a_series_in_which_every_patient_died_reads_zero_not_beyond_follow_up():
    everyone = local_survival(pd.Series([0.5, 1.0, 2.0, 3.0]), pd.Series([1, 1, 1, 1]))
    at = everyone.at(5)
    assert (at.survival, at.ci_lower, at.why_none, at.at_risk) == (0.0, None, "", 0)
