"""The table says what the documents say. For each study a sample of values is compared
with the document itself: the expected numbers below were typed from the document
(the locator is quoted above each), not produced by the code."""

from __future__ import annotations

import pandas as pd
import pytest

import evidence
from evidence.numbers import normalised
from tests.support.files import SOURCES

EV = evidence.load()


def row(table: str, row_id: str) -> dict:
    frame = EV.table(table)
    match = frame[frame["id"] == row_id]
    assert len(match) == 1, f"{row_id} missing from {table}"
    return match.iloc[0].to_dict()


def document(file_name: str) -> str:
    return normalised((SOURCES / file_name).read_text(encoding="utf-8"))


def assert_in_document(file_name: str, text: str) -> None:
    assert normalised(text) in document(file_name)


# 000 Xiang 2018, Abstract: Results
# "patients with NF-NELM and extrahepatic metastasis had a worse OS ... matched (10-year survival rate 37.5% vs. 86.3%, p = 0.011)"
# "the presence of extrahepatic metastasis was independently associated with long-term risk of death (HR 3.9, 95% CI 1.7–9.2, p = 0.002)"
def test_xiang2018():
    assert_in_document("000_a7ba4039219cc4f0.txt", "matched (10-year survival rate 37.5% vs. 86.3%, p = 0.011)")
    assert row("survival", "xiang2018-os10-ehd-no-m")["survival"] == 0.863
    assert row("survival", "xiang2018-os10-ehd-yes-m")["survival"] == 0.375
    assert row("comparisons", "xiang2018-cmp-ehd-m")["p_value"] == 0.011
    hr = row("effects", "xiang2018-hr-ehd-mv")
    assert (hr["estimate"], hr["ci_lower"], hr["ci_upper"], hr["p_value"], hr["analysis"]) == (
        3.9,
        1.7,
        9.2,
        0.002,
        "multivariable",
    )
    assert row("cohorts", "xiang2018-ptr-no")["n"] == 51
    assert row("studies", "xiang2018")["n"] == 332
    assert pd.isna(row("studies", "xiang2018")["period_start"])  # accrual period not stated
    assert pd.isna(row("cohorts", "xiang2018-ehd-yes")["n"])  # subgroup size not stated: missing, not zero


# 001 M. D. Anderson, Results: Survival analysis: "Five-year overall survival was 77.4% whereas 10-year overall survival was 50.4%."
# Table 5, Multivariate: "Hepatic 22.94 (4.39–120.0) 0.0002"; Table 3: "Pancreas 55 32.0%"; Table 1: "Age at surgery (years) 56.8 11.5–80.7"
def test_mdacc2010():
    assert row("survival", "mdacc2010-os-5y")["survival"] == 0.774
    assert row("survival", "mdacc2010-os-10y")["survival"] == 0.504
    median = row("survival", "mdacc2010-os-median")
    assert (median["time_value"], median["time_unit"], median["kind"]) == (9.64, "years", "median")
    hr = row("effects", "mdacc2010-hr-hepatic-mv")
    assert (hr["estimate"], hr["ci_lower"], hr["ci_upper"], hr["p_value"]) == (22.94, 4.39, 120.0, 0.0002)
    pancreas = row("counts", "mdacc2010-n-site-pancreas")
    assert (pancreas["numerator"], pancreas["denominator"], pancreas["percent"]) == (55, 172, 32.0)
    age = row("quantities", "mdacc2010-age")
    assert (age["value"], age["lower"], age["upper"], age["interval"]) == (56.8, 11.5, 80.7, "range")
    assert row("studies", "mdacc2010")["authors_status"] == "not_stated"
    assert row("studies", "mdacc2010")["citation_status"] == "partly_unconfirmed"


# 002 Spolverato 2017, Abstract: Results: "Overall, median, 1-, 5-, 10-year DFS were 3.1 years, 75.5%, 40.4%, and 32.1%, respectively."
# "(10-year OS: intrahepatic only, 42.5%, 95%CI, 24.9-59.0 ..."
def test_spolverato2017():
    assert [row("survival", f"spolverato2017-dfs-{t}y")["survival"] for t in (1, 5, 10)] == [0.755, 0.404, 0.321]
    assert row("survival", "spolverato2017-dfs-median")["time_value"] == 3.1
    intra = row("survival", "spolverato2017-os10-intra")
    assert (intra["survival"], intra["ci_lower"], intra["ci_upper"]) == (0.425, 0.249, 0.590)
    assert row("survival", "spolverato2017-os10-tx-chemo")["survival"] == 0.0
    assert row("cohorts", "spolverato2017-tx-surgery")["n"] == 49
    assert (row("studies", "spolverato2017")["period_start"], row("studies", "spolverato2017")["period_end"]) == (
        1990,
        2014,
    )


# 003 Gudmundsdottir 2023, Abstract: Results: "The median overall survival was 122 months, and progression-free survival was 17 months."
# "(odds ratio [OR], 1.90 for Ki-67 [3-20%; p = 0.018] and OR, 4.25 for Ki-67 [>20%; p < 0.001])"
def test_gudmundsdottir2023():
    os_median = row("survival", "gudmundsdottir2023-os-median")
    assert (os_median["time_value"], os_median["time_unit"]) == (122, "months")
    assert os_median["time_years"] == pytest.approx(122 / 12, abs=1e-3)
    assert row("survival", "gudmundsdottir2023-pfs-median")["time_value"] == 17
    ki = row("effects", "gudmundsdottir2023-ki-gt20-mv")
    assert (ki["estimate"], ki["p_value"], ki["p_operator"], ki["measure"]) == (4.25, 0.001, "<", "OR")
    assert row("counts", "gudmundsdottir2023-mort90")["percent"] == 1.6
    assert row("studies", "gudmundsdottir2023")["doi"] == "10.1245/s10434-023-13372-z"


# 004 Hepatogastroenterology 2000, Abstract: Results: "Four-year actuarial survival was 92.6% after resection and 18.5% for patients that did not receive surgery (P < 0.001)."
def test_hepatogastro2000():
    assert row("survival", "hepatogastro2000-os4-resected")["survival"] == 0.926
    assert row("survival", "hepatogastro2000-os4-nosurgery")["survival"] == 0.185
    assert row("survival", "hepatogastro2000-os4-resected")["method"] == "actuarial"
    major = row("counts", "hepatogastro2000-major")
    assert (major["numerator"], major["denominator"], major["percent"]) == (11, 19, 57.9)
    assert row("studies", "hepatogastro2000")["authors_status"] == "not_stated"


def test_every_row_has_source_and_locator():
    for name in ("cohorts", "comparisons", "survival", "effects", "counts", "quantities"):
        frame = EV.table(name)
        assert frame["source"].notna().all() and frame["locator"].notna().all(), name
    for name in ("comparisons", "survival", "effects", "counts", "quantities"):
        assert EV.table(name)["quote"].notna().all(), name


@pytest.mark.parametrize(
    "discrepancy_id, kind, affected",
    [
        ("d-mdacc2010-median-vs-10y", "impossible_landmarks", {"mdacc2010-os-median", "mdacc2010-os-10y"}),
        ("d-mdacc2010-lung-p", "p_vs_ci", {"mdacc2010-hr-lung-mv"}),
        (
            "d-mdacc2010-margin-p",
            "abstract_vs_text",
            {"mdacc2010-cmp-margin-os-abstract", "mdacc2010-cmp-margin-os-text"},
        ),
        ("d-mdacc2010-interval-mv", "text_vs_table", {"mdacc2010-hr-interval-mv"}),
        ("d-mdacc2010-colon-rfs", "text_vs_text", {"mdacc2010-hr-colon-rfs-a", "mdacc2010-hr-colon-rfs-b"}),
        ("d-mdacc2010-sex", "counts_do_not_add_up", {"mdacc2010-sex-female", "mdacc2010-sex-male"}),
        ("d-mdacc2010-margins-sum", "counts_do_not_add_up", {"mdacc2010-margin-r0", "mdacc2010-margin-r1r2"}),
        ("d-spolverato2017-sites-sum", "counts_do_not_add_up", {"spolverato2017-site-intra", "spolverato2017-n-rec"}),
        (
            "d-spolverato2017-tx-denominators",
            "percent_vs_count",
            {"spolverato2017-tx-n-chemo", "spolverato2017-tx-n-ia"},
        ),
        ("d-spolverato2017-half", "conclusion_vs_results", {"spolverato2017-n-rec"}),
        (
            "d-gudmundsdottir2023-or-label",
            "label_mismatch",
            {"gudmundsdottir2023-ki-3to20-mv", "gudmundsdottir2023-ki-gt20-mv"},
        ),
        ("d-hepatogastro2000-truncation", "percent_vs_count", {"hepatogastro2000-n-indicated"}),
    ],
)
def test_discrepancy_recorded(discrepancy_id, kind, affected):
    d = row("discrepancies", discrepancy_id)
    assert d["kind"] == kind
    assert affected <= set(d["affected_rows"].split(";"))
    assert d["statement_a"] and d["statement_b"] and d["app_treatment"]


def test_both_sides_of_each_contradiction_are_kept():
    """Never silently pick one: both p-values for the margin, both colon HRs are rows."""
    assert row("comparisons", "mdacc2010-cmp-margin-os-abstract")["p_value"] == 0.8
    assert row("comparisons", "mdacc2010-cmp-margin-os-text")["p_value"] == 0.40
    assert row("effects", "mdacc2010-hr-colon-rfs-a")["estimate"] == 0.25
    assert row("effects", "mdacc2010-hr-colon-rfs-b")["estimate"] == 0.22
