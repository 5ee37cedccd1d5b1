"""The prediction interval on t(k − 2), the two-study disagreement rule and Parmar's HR with an SE
from the reported p, each against R (calls quoted above the expected numbers)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from stats.agreement import two_studies_disagree
from stats.effects import from_survival_proportions_and_p
from stats.meta import random_effects
from stats.pooled_survival import arcsine_survival
from stats.prediction import prediction_interval

REF = Path(__file__).resolve().parents[1] / "reference"
OS5 = pd.read_csv(REF / "os5_landmarks.csv", comment="#")
PRINTED = 5e-5  # R printed 10 significant digits; REML stops at |Δτ²| < 1e-5 in metafor


def test_t_k_minus_2_prediction_interval_of_pooled_survival_matches_r():
    # yi <- asin(sqrt((n*s + 0.25)/(n + 0.5))); vi <- 1/(4*(n + 0.5)); res <- rma(yi, vi, method="REML")
    # half <- qt(0.975, df=res$k-2)*sqrt(res$se^2 + res$tau2); sin(res$b - half)^2; sin(res$b + half)^2
    y, v = arcsine_survival(OS5.s, OS5.n)
    fit = random_effects(y, v, method="REML")
    pi = prediction_interval(fit.estimate, fit.se, fit.tau2, fit.k)
    assert pi.df == 3
    assert math.sin(pi.lower) ** 2 == pytest.approx(0.3077327391, abs=PRINTED)
    assert math.sin(pi.upper) ** 2 == pytest.approx(0.9502785743, abs=PRINTED)
    # wider than metafor's normal-quantile interval (0.4483–0.8689), which ignores that τ² is estimated
    assert math.sin(pi.lower) ** 2 < math.sin(fit.pi_lower) ** 2


def test_prediction_interval_of_the_bcg_example_matches_r():
    # dat <- escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg); rb <- rma(yi, vi, data=dat)
    # cat(rb$b, rb$se, rb$tau2) -> -0.714532348365 0.17978153178 0.313243325981
    # rb$b ± qt(0.975, rb$k-2)*sqrt(rb$se^2 + rb$tau2)  ->  -2.008376051, 0.579311354
    pi = prediction_interval(-0.714532348365, 0.17978153178, 0.313243325981, 13)
    # R printed 10 significant digits
    assert (pi.lower, pi.upper) == pytest.approx((-2.008376051, 0.579311354), abs=1e-8)


@pytest.mark.parametrize("k", [1, 2])
def test_no_prediction_interval_from_fewer_than_three_studies(k):
    pi = prediction_interval(0.1, 0.2, 0.05, k)
    assert not pi.available and "degrees of freedom" in pi.reason


def test_no_prediction_interval_for_a_common_effect():
    assert "no spread" in prediction_interval(0.1, 0.2, 0.0, 5, method="FE").reason


def test_one_year_dfs_of_a_small_incidental_series_and_a_large_resection_series_disagree():
    # s <- c(0.755, 0.333); n <- c(322, 12); yi, vi as above; rma(yi, vi)$I2 -> 88.78160208
    # 95% CIs (sin² of yi ± 1.96 √vi): 0.706–0.800 and 0.114–0.613: they do not overlap
    y, v = arcsine_survival([0.755, 0.333], [322, 12])
    why = two_studies_disagree(y, v, i2=88.78160208)
    assert "I² = 89%" in why and "do not overlap" in why


def test_two_close_studies_are_pooled_and_three_are_never_refused():
    y, v = arcsine_survival([0.74, 0.71], [339, 47])
    assert two_studies_disagree(y, v, i2=0.0) == ""
    y3, v3 = arcsine_survival([0.755, 0.333, 0.5], [322, 12, 40])
    assert two_studies_disagree(y3, v3, i2=95.0) == ""


def test_disagreement_by_i2_alone_with_overlapping_intervals():
    assert two_studies_disagree([0.0, 0.5], [0.04, 0.04], i2=80.0) == "I² = 80% (above 75%)"


def test_parmar_hr_with_se_from_the_reported_p_matches_r():
    # lhr <- log(-log(0.668)) - log(-log(0.54)); se <- abs(lhr)/qnorm(1 - 0.192/2)
    # exp(lhr); exp(lhr ± qnorm(0.975)*se)  ->  0.6547812092 (0.3465985041–1.236988697)
    effect = from_survival_proportions_and_p(0.668, 0.54, 0.192, "=", time=10)
    assert effect.hr == pytest.approx(0.6547812092, abs=1e-9)
    assert (effect.ci_lower, effect.ci_upper) == pytest.approx((0.3465985041, 1.236988697), abs=1e-8)
    assert "reported p" in effect.method and not effect.reported


def test_a_p_bound_gives_the_widest_se_it_allows_and_p_above_gives_none():
    # lhr <- log(-log(0.724)) - log(-log(0.92)); se <- abs(lhr)/qnorm(1 - 0.02/2) -> 3.873322795 (1.237710747–12.12127269)
    effect = from_survival_proportions_and_p(0.724, 0.92, 0.02, "=")
    assert (effect.hr, effect.ci_lower, effect.ci_upper) == pytest.approx(
        (3.873322795, 1.237710747, 12.12127269), abs=1e-8
    )
    bound = from_survival_proportions_and_p(0.724, 0.92, 0.02, "<")
    assert bound.se == pytest.approx(effect.se) and "largest SE" in " ".join(bound.assumptions)
    with pytest.raises(ValueError, match="from below"):
        from_survival_proportions_and_p(0.724, 0.92, 0.2, ">")
