"""stats.meta against R metafor 3.8-1 (Debian r-cran-metafor) on its standard example.

Data: tests/reference/dat_bcg_rr.csv, made in R by
    dat <- escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)
Expected numbers were printed by R (sprintf %.10f) from the calls quoted above each block;
they match metafor's documentation for dat.bcg (REML: −0.7145, SE 0.1798, τ² 0.3132, I² 92.22%).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stats.meta import cumulative, leave_one_out, random_effects

REF = Path(__file__).resolve().parents[1] / "reference"
BCG = pd.read_csv(REF / "dat_bcg_rr.csv")
HR = pd.read_csv(REF / "hr_het.csv")
TIGHT = 1e-6  # closed-form estimators (FE, DL): agreement to floating point
REML_TOL = 1e-6  # both iterate to convergence; metafor stops at its own threshold (~1e-7 here)
PERCENT = 100  # I² is printed in percent: τ²'s convergence difference shows up ×100 there (metafor prints 2 decimals)
ROOT_TOL = 5e-5  # PM τ² and Q-profile bounds: metafor's uniroot tolerance is .Machine$double.eps^0.25 ≈ 1.2e-4; we solve to 1e-12

# rma(yi, vi, data=dat, method=M, test=T); predict(res); confint(res)
BCG_EXPECTED = {
    ("DL", "z"): dict(estimate=-0.7141172221, se=0.1787420895, ci_lower=-1.0644452801, ci_upper=-0.3637891641, tau2=0.3087602629, i2=92.1173468546, h2=12.6860840069, pi_lower=-1.8581537527, pi_upper=0.4299193086),
    ("DL", "knha"): dict(estimate=-0.7141172221, se=0.1806966283, ci_lower=-1.1078213542, ci_upper=-0.3204130900, p=0.001920766767, pi_lower=-1.9872069634, pi_upper=0.5589725193),
    ("REML", "z"): dict(estimate=-0.7145323484, se=0.1797815318, ci_lower=-1.0668976757, ci_upper=-0.3621670210, tau2=0.3132433260, i2=92.2213860750, h2=12.8557608031, pi_lower=-1.8666923466, pi_upper=0.4376276499, p=7.054267349e-05),
    ("REML", "knha"): dict(estimate=-0.7145323484, se=0.1807917455, ci_lower=-1.1084437230, ci_upper=-0.3206209737, p=0.001920015085, pi_lower=-1.9960169670, pi_upper=0.5669522703),
    ("PM", "z"): dict(estimate=-0.7149704056, se=0.1808979841, tau2=0.3180937119, i2=92.3309002899, pi_lower=-1.8758545960, pi_upper=0.4459137848),
    ("FE", "z"): dict(estimate=-0.4302851637, se=0.0404987517, ci_lower=-0.5096612584, ci_upper=-0.3509090689, i2=92.1173468546, h2=12.6860840069),
}


def _tol(name: str, tol: float) -> float:
    if name == "p":
        return 1e-6
    return tol * PERCENT if name in ("i2", "h2") else tol


@pytest.mark.parametrize("method, test", list(BCG_EXPECTED))
def test_dat_bcg_matches_metafor(method, test):
    result = random_effects(BCG.yi, BCG.vi, method=method, test=test)
    tol = {"FE": TIGHT, "DL": TIGHT, "REML": REML_TOL, "PM": ROOT_TOL}[method]
    for name, expected in BCG_EXPECTED[(method, test)].items():
        assert getattr(result, name) == pytest.approx(expected, abs=_tol(name, tol)), name
    assert result.q == pytest.approx(152.2330080824, abs=1e-8)  # QE, same for every estimator
    assert result.q_df == 12


def test_q_profile_interval_for_tau2():
    # confint(rma(yi, vi, data=dat, method="REML"))$random: tau^2 0.1197 to 1.1115
    low, high = random_effects(BCG.yi, BCG.vi, method="REML").tau2_ci
    assert low == pytest.approx(0.1196953128, abs=ROOT_TOL)
    assert high == pytest.approx(1.1114862622, abs=ROOT_TOL)


def test_weights_match_metafor():
    # weights(rma(yi, vi, data=dat, method="REML")), percent
    expected = [5.0594830793, 6.3646796321, 4.4360277631, 9.6987467357, 8.8684562868, 10.0957381653, 6.0271817029, 10.1894386346, 8.7431331317, 8.3676072473, 9.9250266628, 3.8216294228, 8.4028515354]
    assert list(random_effects(BCG.yi, BCG.vi).weights) == pytest.approx(expected, abs=1e-5)


def test_leave_one_out_matches_metafor():
    # leave1out(rma(yi, vi, data=dat, method="REML")) -> tests/reference/loo_reml.csv
    expected = pd.read_csv(REF / "loo_reml.csv")
    got = leave_one_out(BCG.yi, BCG.vi, method="REML")
    for ours, theirs in (("estimate", "estimate"), ("se", "se"), ("ci_lower", "ci.lb"), ("ci_upper", "ci.ub"), ("tau2", "tau2"), ("i2", "I2"), ("q", "Q")):
        assert got[ours].to_numpy() == pytest.approx(expected[theirs].to_numpy(), abs=1e-5), ours


def test_cumulative_by_year_matches_metafor():
    # cumul(rma(yi, vi, data=dat, method="REML"), order=dat$year) -> tests/reference/cumul_reml_year.csv
    expected = pd.read_csv(REF / "cumul_reml_year.csv")
    got = cumulative(BCG.yi, BCG.vi, order=BCG.year, method="REML")
    assert got["estimate"].to_numpy() == pytest.approx(expected["estimate"].to_numpy(), abs=1e-5)
    assert got["tau2"].to_numpy() == pytest.approx(expected["tau2"].to_numpy(), abs=1e-5)


# A heterogeneous hazard-ratio set (tests/reference/hr_het.csv; sei from the 95% CI):
# rma(yi, sei=sei, data=hr, method=M, test=T)
HR_EXPECTED = {
    ("REML", "z"): dict(estimate=0.8131922391, se=0.3028960146, tau2=0.4186643475, i2=79.1859548927, pi_lower=-0.5870649926, pi_upper=2.2134494708),
    ("REML", "knha"): dict(estimate=0.8131922391, se=0.2972620456, p=0.04100572554, ci_lower=0.0490558242, ci_upper=1.5773286540, pi_lower=-1.0172155907, pi_upper=2.6436000689),
    ("DL", "z"): dict(estimate=0.8120508115, se=0.2991361247, tau2=0.4053709874, i2=78.6491301559, h2=4.6836499276),
    ("PM", "knha"): dict(estimate=0.8114891369, tau2=0.3990455013, ci_lower=0.0471811721, ci_upper=1.5757971017),
}


@pytest.mark.parametrize("method, test", list(HR_EXPECTED))
def test_hazard_ratio_set_matches_metafor(method, test):
    result = random_effects(HR.yi, HR.sei**2, method=method, test=test)
    tol = {"DL": TIGHT, "REML": REML_TOL, "PM": ROOT_TOL}[method]
    for name, expected in HR_EXPECTED[(method, test)].items():
        assert getattr(result, name) == pytest.approx(expected, abs=_tol(name, tol)), name
    assert result.q == pytest.approx(23.4182496381, abs=1e-8)


def test_one_study_works_and_says_so():
    # rma(yi=0.5, vi=0.04, method="REML"): estimate 0.5, se 0.2, ci 0.1080072031 to 0.8919927969, tau2 0
    result = random_effects([0.5], [0.04])
    assert (result.estimate, result.se, result.tau2, result.k) == (0.5, 0.2, 0.0, 1)
    assert result.ci_lower == pytest.approx(0.1080072031, abs=1e-9)
    assert any("k = 1" in n for n in result.notes)


def test_no_study_is_a_clear_error():
    with pytest.raises(ValueError, match="k = 0"):
        random_effects([], [])


def test_a_bad_variance_is_named():
    with pytest.raises(ValueError, match=r"vi\[1\]"):
        random_effects([0.1, 0.2], [0.1, 0.0])
