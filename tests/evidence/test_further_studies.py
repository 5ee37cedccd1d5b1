"""Issue 6: the further published studies, reviews kept apart, secondary-only numbers tagged.
Expected values typed from further_studies.md (section and quote number above each)."""

from __future__ import annotations

import pandas as pd

import evidence

EV = evidence.load()


def row(table: str, row_id: str) -> dict:
    frame = EV.table(table)
    return frame[frame["id"] == row_id].iloc[0].to_dict()


# §1 quote 7: "Median survival was 125 months, with overall 5- and 10-year survival of 74%, and 51%, respectively."
def test_mayo2010_survival_and_unconfirmed_attribution():
    assert row("survival", "mayo2010-os-5y")["survival"] == 0.74
    assert row("survival", "mayo2010-os-10y")["survival"] == 0.51
    assert row("survival", "mayo2010-os-median")["time_value"] == 125
    study = row("studies", "mayo2010")
    assert study["authors_status"] == "unconfirmed" and study["citation_status"] == "partly_unconfirmed"


# §2 quote 7: "Median survival was 91 months, 5-year and 10-year overall survival rates were 71% and 35%"
# §9 quote 5: "5-year and 10-year survival rates of 70.2%, and 43.4%"
def test_elias2003_and_jnets2021():
    assert (row("survival", "elias2003-os-5y")["survival"], row("survival", "elias2003-os-10y")["survival"]) == (
        0.71,
        0.35,
    )
    assert (row("survival", "jnets2021-os-5y")["survival"], row("survival", "jnets2021-os-10y")["survival"]) == (
        0.702,
        0.434,
    )


# §6 quote 6: "R1 resection (HR, 3.9; 95% CI, 1.4-10.5; P=0.008) were independently associated with late recurrence"
def test_xiang2018g1_r1_hazard_ratio_is_for_late_recurrence_not_survival():
    hr = row("effects", "xiang2018g1-hr-r1-late")
    assert (hr["estimate"], hr["ci_lower"], hr["ci_upper"], hr["p_value"]) == (3.9, 1.4, 10.5, 0.008)
    assert hr["endpoint"] == "late_recurrence"


def test_disease_specific_survival_is_never_recorded_as_overall_survival():
    graff = EV.survival[EV.survival["study_id"] == "graffbaker2014"]
    assert set(graff["endpoint"]) == {"DSS", "PFS"}
    d = row("discrepancies", "d-graffbaker2014-secondary-os")
    assert d["kind"] == "secondary_vs_primary" and "88%" in d["statement_b"]


def test_secondary_only_studies_are_tagged():
    secondary = set(EV.studies.loc[EV.studies["evidence_level"] == "secondary_only", "id"])
    assert secondary == {"sarmiento2003", "chamber2008", "boudreaux2014", "maxwell2015", "scott2019"}
    assert row("survival", "boudreaux2014-os-10y")["survival"] == 0.77


def test_reviews_are_a_separate_table_and_not_studies():
    reviews = EV.reviews
    assert {"Kaçmaz 2019", "Bacchetti 2013", "Xiao (Front Oncol)", "Lesurtel 2015"} <= set(reviews["review"])
    assert not set(reviews["id"]) & set(EV.studies["id"])
    kacmaz = row("reviews", "kacmaz2019-resection")
    assert (kacmaz["value"], kacmaz["lower"], kacmaz["upper"], kacmaz["n_studies"], kacmaz["n_patients"]) == (
        0.15,
        0.05,
        0.42,
        11,
        1108,
    )


def test_a_negative_hazard_ratio_is_kept_as_printed_but_marked_unusable():
    gong = row("reviews", "gong2025-ptr")
    assert gong["value"] == -1.10 and gong["measure"] == "as_printed_unusable"


def test_missing_unit_is_not_guessed():
    """§8's median RFS after NAR is cut off before its unit: it is not in the table."""
    arnar = EV.survival[(EV.survival["study_id"] == "arnar2018") & (EV.survival["endpoint"] == "RFS")]
    assert list(arnar["kind"]) == ["median_not_reached"]
    assert pd.isna(row("studies", "arnar2018")["year"])


# further_corrections.md C14–C17: numbers first left out.
# A1 quote 3: "the mean duration of symptom reduction is between 16–26 months, and the 5-year recurrence/progression rate ranges from 59–76%"
# §8 quotes 4–5: "(… P < 0.001)", "(… P < 0.001) and microscopically positive margins (R1) (… P = 0.009)"
# A11 quote 3: "Surgical resection and NET‐G1/2 were associated with good OS in multivariate analysis (p < 0.001)."
# §10 quote 5: "Within the LDT group, 23 patients underwent liver resection."
def test_numbers_added_after_the_double_extraction():
    duration, recurrence = row("reviews", "lee2012-symptom-duration"), row("reviews", "lee2012-recurrence")
    assert (duration["lower"], duration["upper"], duration["unit"], duration["endpoint"]) == (16, 26, "months", "SFS")
    assert (recurrence["lower"], recurrence["upper"], recurrence["unit"], recurrence["endpoint"]) == (
        59,
        76,
        "percent",
        "other",
    )
    # how many of the 22 series report it is not stated
    assert pd.isna(duration["n_studies"]) and pd.isna(duration["value"])
    p = {
        i: (row("comparisons", i)["p_operator"], row("comparisons", i)["p_value"])
        for i in ("arnar2018-cmp-lt50", "arnar2018-cmp-ln", "arnar2018-cmp-r1")
    }
    assert p == {"arnar2018-cmp-lt50": ("<", 0.001), "arnar2018-cmp-ln": ("<", 0.001), "arnar2018-cmp-r1": ("=", 0.009)}
    for effect_id in ("asano-p-resection", "asano-p-grade"):
        effect = row("effects", effect_id)
        assert pd.isna(effect["estimate"]) and (effect["p_operator"], effect["p_value"], effect["analysis"]) == (
            "<",
            0.001,
            "multivariable",
        )
    resected = row("counts", "ccr_ehd-n-resection")
    assert (resected["numerator"], resected["denominator"], resected["cohort_id"]) == (23, 71, "ccr_ehd-ldt")
