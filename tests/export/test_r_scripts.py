"""The R scripts the app offers reproduce its pooled estimates: each generated script is run with R and metafor and
its printed estimate, CI, prediction interval, τ² and I² compared with the app's to 4 decimals."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import evidence
from export.r_scripts import ratio_pool_script, survival_view_script
from stats.pooling import random_effects
from stats.prediction import prediction_interval
from tests.support.browser import loud_skip
from views.filters import DEFAULT
from views.labels import Labels
from views.survival import survival_view

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
HR_SIX = pd.read_csv(Path(__file__).resolve().parents[1] / "reference" / "hr_six.csv", comment="#")
PLACES = 4


@pytest.fixture(scope="module")
def rscript() -> str:
    path = shutil.which("Rscript")
    if path is None or subprocess.run([path, "-e", "library(metafor)"], capture_output=True).returncode != 0:
        loud_skip(
            "R SCRIPT COMPARISON SKIPPED: no Rscript with metafor on this machine. Install r-base-core and "
            "r-cran-metafor (.ci/run does so as root)."
        )
    return path


def _run(rscript: str, script: str, tmp_path: Path) -> dict[str, float]:
    file = tmp_path / "pool.R"
    file.write_text(script, encoding="utf-8")
    out = subprocess.run([rscript, str(file)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\S+) = (\S+)$", out.stdout, re.M)}


@pytest.mark.parametrize(
    ("changes", "secondary"), [({}, False), ({"exclude": ("mdacc2010",)}, False), ({}, True)], ids=str
)
def test_the_survival_pools_script_gives_the_apps_pooled_values(rscript, tmp_path, changes, secondary):
    view = survival_view(EV, replace(DEFAULT, **changes), LABELS, include_secondary=secondary, method="REML")
    assert view.pooled, "the view pools nothing: choose filters that pool"
    printed = _run(
        rscript, survival_view_script(view, LABELS, EV.version, "https://example/survival", "REML"), tmp_path
    )
    for p in view.pooled:
        at = f"{p.time_years:g}y."
        assert printed[at + "estimate"] == pytest.approx(p.estimate, abs=10**-PLACES)
        assert printed[at + "ci_lower"] == pytest.approx(p.ci_lower, abs=10**-PLACES)
        assert printed[at + "ci_upper"] == pytest.approx(p.ci_upper, abs=10**-PLACES)
        assert printed[at + "tau2"] == pytest.approx(p.tau2, abs=10**-PLACES)
        assert printed[at + "I2"] == pytest.approx(p.i2, abs=10**-PLACES)
        if p.pi_lower is not None:
            assert printed[at + "pi_lower"] == pytest.approx(p.pi_lower, abs=10**-PLACES)
            assert printed[at + "pi_upper"] == pytest.approx(p.pi_upper, abs=10**-PLACES)


@pytest.mark.parametrize(("method", "hksj"), [("REML", False), ("DL", True), ("PM", False), ("FE", False)])
def test_the_ratio_pool_script_gives_the_apps_pooled_hazard_ratio(rscript, tmp_path, method, hksj):
    import math

    fit = random_effects(HR_SIX["yi"], HR_SIX["sei"] ** 2, method=method, test="knha" if hksj else "z")
    pi = prediction_interval(fit.estimate, fit.se, fit.tau2, fit.k, method=method)
    script = ratio_pool_script("HR", HR_SIX["study"], HR_SIX["yi"], HR_SIX["sei"], method, hksj)
    printed = _run(rscript, script, tmp_path)
    assert printed["estimate"] == pytest.approx(math.exp(fit.estimate), abs=10**-PLACES)
    assert printed["ci_lower"] == pytest.approx(math.exp(fit.ci_lower), abs=10**-PLACES)
    assert printed["ci_upper"] == pytest.approx(math.exp(fit.ci_upper), abs=10**-PLACES)
    assert printed["tau2"] == pytest.approx(fit.tau2, abs=10**-PLACES)
    assert printed["I2"] == pytest.approx(fit.i2, abs=10**-PLACES)
    if pi.lower is not None:
        assert printed["pi_lower"] == pytest.approx(math.exp(pi.lower), abs=10**-PLACES)
        assert printed["pi_upper"] == pytest.approx(math.exp(pi.upper), abs=10**-PLACES)
    else:
        assert "pi_lower" not in printed


def test_a_script_names_each_value_with_its_study_and_the_view():
    view = survival_view(EV, DEFAULT, LABELS, method="REML")
    script = survival_view_script(view, LABELS, EV.version, "https://example/survival?x=1", "REML")
    assert f"# Evidence table version {EV.version}; the view: https://example/survival?x=1" in script
    assert "# MD Anderson 2010 †: 77.4% at 5 y, n = 172 (reported)" in script
    assert 'method = "REML"' in script and "qt(0.975, fit$k - 2)" in script


def test_the_survival_page_offers_the_script_of_its_pools():
    from tests.support.apptest import run

    at = run("app_pages/survival.py")
    assert "R script reproducing these pools (metafor)" in [b.label for b in at.get("download_button")]
