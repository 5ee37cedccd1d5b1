"""The risk-of-bias table and the certainty overrides are checked like every other number: edited copies of the real
files, each naming file, row and field."""

from __future__ import annotations

import csv

import pytest

import evidence
from evidence.schema import QUIPS_DOMAINS
from tests.support.files import DATA, SOURCES, read_rows, set_cell, write_rows


def problems(data_dir) -> list[str]:
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(data_dir, SOURCES)
    return [str(p) for p in caught.value.problems]


def test_every_study_is_assessed_in_every_quips_domain_once():
    with open(DATA / "risk_of_bias.csv", encoding="utf-8") as fh:
        pairs = [(r["study_id"], r["domain"]) for r in csv.DictReader(fh)]
    with open(DATA / "studies.csv", encoding="utf-8") as fh:
        studies = [r["id"] for r in csv.DictReader(fh)]
    assert sorted(pairs) == sorted((s, d) for s in studies for d in QUIPS_DOMAINS)


def test_a_quote_that_is_not_in_the_source_is_refused(data_copy):
    line = set_cell(
        data_copy / "risk_of_bias.csv",
        "elias2003-study_participation",
        "quote",
        "All consecutive patients were included.",
    )
    found = problems(data_copy)
    assert any(
        f"risk_of_bias.csv:{line}" in p and "elias2003-study_participation" in p and "'quote'" in p and "verbatim" in p
        for p in found
    ), found


def test_not_reported_must_follow_the_rule(data_copy):
    path = data_copy / "risk_of_bias.csv"
    header, rows = read_rows(path)
    row = next(r for r in rows if r["basis"] == "not_reported")
    row["judgement"] = "high"
    write_rows(path, header, rows)
    assert any(row["id"] in p and "is judged 'moderate' by the rule, not 'high'" in p for p in problems(data_copy))


def test_a_stated_judgement_needs_its_quote(data_copy):
    set_cell(data_copy / "risk_of_bias.csv", "elias2003-study_participation", "quote", "")
    assert any(
        "elias2003-study_participation" in p and "basis is 'stated' but the quote or locator is empty" in p
        for p in problems(data_copy)
    )


def test_a_study_left_unassessed_is_named(data_copy):
    path = data_copy / "risk_of_bias.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["id"] != "du2015-study_attrition"])
    assert any("du2015" in p and "study not assessed in: study_attrition" in p for p in problems(data_copy))


def test_an_unknown_judgement_is_refused(data_copy):
    line = set_cell(data_copy / "risk_of_bias.csv", "du2015-study_attrition", "judgement", "unclear")
    assert any(f"risk_of_bias.csv:{line}" in p and "judgement" in p for p in problems(data_copy))


def test_an_override_for_an_outcome_the_app_does_not_grade_is_refused(data_copy):
    path = data_copy / "certainty_overrides.csv"
    header, _ = read_rows(path)
    write_rows(
        path,
        header,
        [
            {
                "id": "os7-imprecision",
                "outcome": "OS@7",
                "domain": "imprecision",
                "rating": "serious",
                "rationale": "x",
                "curator": "A. Curator",
                "decided_on": "2026-12-02",
            },
            {
                "id": "margin-rob",
                "outcome": "factor:no_such_factor",
                "domain": "risk_of_bias",
                "rating": "serious",
                "rationale": "x",
                "curator": "A. Curator",
                "decided_on": "2 Dec",
            },
        ],
    )
    found = problems(data_copy)
    assert any("os7-imprecision" in p and "must be 'OS@5', 'OS@10' or 'factor:<key>'" in p for p in found), found
    assert any("margin-rob" in p and "names no comparison_key" in p for p in found), found
    assert any("margin-rob" in p and "decided_on" in p for p in found), found


def test_the_reconciliation_matches_both_assessments_and_the_curated_table():
    folder = DATA.parent / "extraction" / "risk_of_bias"
    _, first = read_rows(folder / "first_assessment.csv")
    _, second = read_rows(folder / "second_assessment.csv")
    _, log = read_rows(folder / "reconciliation.csv")
    _, curated = read_rows(DATA / "risk_of_bias.csv")
    judged = {
        name: {(r["study_id"], r["domain"]): r["judgement"] for r in rows}
        for name, rows in (("first", first), ("second", second), ("final", curated))
    }
    for row in log:
        key = (row["study_id"], row["domain"])
        assert (row["first"], row["second"], row["final"]) == tuple(
            judged[n][key] for n in ("first", "second", "final")
        )
        assert (row["first"] == row["second"]) == (row["agreed"] == "yes")
        assert row["agreed"] == "yes" or len(row["resolution"]) > 40, key
    agreed = sum(r["agreed"] == "yes" for r in log)
    levels = ("low", "moderate", "high")
    n = len(log)
    expected = sum(sum(r["first"] == lv for r in log) * sum(r["second"] == lv for r in log) for lv in levels) / n**2
    kappa = (agreed / n - expected) / (1 - expected)
    # printed by evidence/extraction/risk_of_bias/agreement.R (base R), and in its README
    assert (agreed, n, round(kappa, 4)) == (149, 156, 0.8429)
