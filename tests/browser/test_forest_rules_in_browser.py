"""The Forest page's pooling rules as a person sees them (issue 14), on a copy of the evidence with effect rows
that make them apply: the shipped table has no factor with two weightable hazard ratios. Each added row quotes a
source verbatim and passes the checker; the numbers are real printed hazard ratios, attached to other studies only
so that a rule applies (test input, never shown outside this test)."""

from __future__ import annotations

import csv
import shutil

import pytest

from tests.support.browser import screenshot, wait_for_app
from tests.support.files import DATA
from tools.local_server import served

pytestmark = pytest.mark.browser
XIANG = "000_a7ba4039219cc4f0.txt"
G1 = "further_studies.md"


def effect(row_id, study, key, hr, lo, hi, source, quote, direction="worse"):
    factor, levels = key.split(":")
    level, reference = levels.split("_vs_")
    return {
        "id": row_id,
        "study_id": study,
        "cohort_id": f"{study}-all",
        "endpoint": "OS",
        "factor": factor if factor != "extrahepatic" else "extrahepatic_disease",
        "level": level,
        "reference": reference,
        "comparison_key": key,
        "per_unit": "",
        "measure": "HR",
        "measure_as_stated": "HR",
        "estimate": hr,
        "ci_lower": lo,
        "ci_upper": hi,
        "ci_level": "0.95",
        "p_value": "",
        "p_operator": "",
        "analysis": "multivariable",
        "events": "",
        "source": source,
        "locator": "test",
        "quote": quote,
        "direction": direction,
    }


ROWS = [
    # extrahepatic disease: Mayo SC 2010 shares Xiang 2018's database; Elias 2003 disagrees with what is left
    effect("t-mayo-ehd", "mayo2010", "extrahepatic:yes_vs_no", "3.9", "1.7", "9.2", XIANG, "HR 3.9, 95% CI 1.7–9.2"),
    effect(
        "t-elias-ehd",
        "elias2003",
        "extrahepatic:yes_vs_no",
        "0.7",
        "0.4",
        "1.2",
        XIANG,
        "hazard ratio [HR] 0.7, 95% confidence interval [CI] 0.4–1.2",
        direction="no_difference",
    ),
    # margin: three studies that agree, for the prediction interval on t(1)
    effect("t-mdacc-r1", "mdacc2010", "margin:r1_vs_r0", "3.6", "1.1", "11.1", G1, "HR, 3.6; 95% CI, 1.1-11.1"),
    effect("t-elias-r1", "elias2003", "margin:r1_vs_r0", "3.0", "1.2", "7.8", G1, "HR, 3.0; 95% CI, 1.2-7.8"),
    effect("t-jnets-r1", "jnets2021", "margin:r1_vs_r0", "3.9", "1.4", "10.5", G1, "HR, 3.9; 95% CI, 1.4-10.5"),
]


@pytest.fixture(scope="module")
def rules_url(tmp_path_factory, chromium_path):
    data = tmp_path_factory.mktemp("evidence") / "data"
    shutil.copytree(DATA, data)
    with (data / "effects.csv").open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    with (data / "effects.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n").writerows(ROWS)
    with served(extra_env={"NELM_EVIDENCE_DIR": str(data)}) as url:
        yield url


def test_forest_refuses_two_that_disagree_and_counts_a_database_once(page, rules_url):
    page.goto(f"{rules_url}/forest?factor=extrahepatic:yes_vs_no")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("The two studies disagree").count() >= 1
    assert page.get_by_text("shares a database or institution with Mayo SC 2010").count() >= 1
    assert page.get_by_text("Pooled HR (derived)").count() == 0
    screenshot(page, "issue14-forest-disagree")


def test_forest_shows_the_t_k_minus_2_prediction_interval(page, rules_url):
    page.goto(f"{rules_url}/forest?factor=margin:r1_vs_r0")
    wait_for_app(page)
    # R: rma(yi = log(c(3.6, 3.0, 3.9)), sei = (log(hi) - log(lo))/(2*qnorm(.975))): HR 3.44 (1.91–6.21);
    # exp(b ± qt(.975, 1)*sqrt(se^2 + tau2)): 0.08–157.44
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any("Pooled HR (derived)" in m and "3.44" in m for m in metrics), metrics
    assert any("95% prediction interval" in m and "0.08–157.44" in m for m in metrics), metrics
    screenshot(page, "issue14-forest-prediction-interval")
