"""Malformed evidence files are rejected with file, line, id and field; never a traceback,
never a partly loaded table. Each case writes a real malformed file."""

from __future__ import annotations

import json

import pytest

import evidence
from tests.support.files import SOURCES, read_rows, run_cli, set_cell, write_rows


def check_fails(data_dir, *expected_fragments):
    result = run_cli("check", "--data", str(data_dir))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was loaded" in result.stderr
    for fragment in expected_fragments:
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    with pytest.raises(evidence.EvidenceError):
        evidence.load(data_dir, SOURCES)
    return result.stderr


def test_shipped_evidence_checks_clean():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: evidence version")


def test_missing_column(data_copy):
    path = data_copy / "effects.csv"
    header, rows = read_rows(path)
    header.remove("ci_upper")
    write_rows(path, header, [{k: v for k, v in r.items() if k != "ci_upper"} for r in rows])
    check_fails(data_copy, "effects.csv:1 field 'ci_upper': column is missing from the header")


def test_text_in_number_field(data_copy):
    line = set_cell(data_copy / "survival.csv", "xiang2018-os10-ehd-yes", "survival", "37.5%")
    check_fails(
        data_copy, f"survival.csv:{line} row id=xiang2018-os10-ehd-yes field 'survival': '37.5%' is not a number"
    )


def test_ci_that_excludes_its_estimate(data_copy):
    line = set_cell(data_copy / "effects.csv", "xiang2018-hr-ehd-mv", "estimate", "12.5")
    check_fails(
        data_copy,
        f"effects.csv:{line} row id=xiang2018-hr-ehd-mv field 'estimate': 12.5 lies outside its interval 1.7–9.2",
    )


def test_survival_above_one_is_named_as_a_percentage(data_copy):
    line = set_cell(data_copy / "survival.csv", "mdacc2010-os-5y", "survival", "1.4")
    stderr = check_fails(data_copy, f"survival.csv:{line} row id=mdacc2010-os-5y field 'survival': 1.4 must be ≤ 1")
    assert "looks like a percentage" not in stderr.split("mdacc2010-os-5y field 'survival': 1.4")[1].splitlines()[0]


def test_survival_entered_as_percent_gets_a_hint(data_copy):
    set_cell(data_copy / "survival.csv", "mdacc2010-os-5y", "survival", "77.4")
    check_fails(data_copy, "looks like a percentage; write it as a fraction (0.774)")


def test_unknown_study_id(data_copy):
    line = set_cell(data_copy / "effects.csv", "xiang2018-hr-ehd-mv", "study_id", "xiang2019")
    check_fails(
        data_copy,
        f"effects.csv:{line} row id=xiang2018-hr-ehd-mv field 'study_id': 'xiang2019' does not match any id in studies.csv",
    )


def test_duplicated_id(data_copy):
    line = set_cell(data_copy / "survival.csv", "mdacc2010-os-10y", "id", "mdacc2010-os-5y")
    check_fails(data_copy, f"survival.csv:{line} row id=mdacc2010-os-5y field 'id': duplicate id 'mdacc2010-os-5y'")


def test_empty_file(data_copy):
    (data_copy / "counts.csv").write_bytes(b"")
    check_fails(data_copy, "counts.csv: file is empty")


def test_wrong_encoding(data_copy):
    path = data_copy / "studies.csv"
    path.write_bytes(
        path.read_text(encoding="utf-8")
        .replace("–", "-")
        .encode("utf-8")
        .replace(b"Xiang JX", "Xi\u00e0ng JX".encode("latin-1"))
    )
    check_fails(data_copy, "studies.csv:2: not valid UTF-8")


def test_required_field_empty(data_copy):
    line = set_cell(data_copy / "survival.csv", "xiang2018-os10-ehd-no", "locator", "")
    check_fails(data_copy, f"survival.csv:{line} row id=xiang2018-os10-ehd-no field 'locator': is required but empty")


def test_p_value_above_one(data_copy):
    line = set_cell(data_copy / "comparisons.csv", "xiang2018-cmp-ehd", "p_value", "2")
    check_fails(data_copy, f"comparisons.csv:{line} row id=xiang2018-cmp-ehd field 'p_value': 2.0 must be ≤ 1")


def test_count_larger_than_denominator(data_copy):
    line = set_cell(data_copy / "counts.csv", "mdacc2010-recurrence", "numerator", "180")
    check_fails(
        data_copy,
        f"counts.csv:{line} row id=mdacc2010-recurrence field 'numerator': 180 is larger than its denominator 172",
    )


def test_percent_that_does_not_match_its_count(data_copy):
    line = set_cell(data_copy / "counts.csv", "mdacc2010-recurrence", "percent", "56.5")
    check_fails(
        data_copy,
        f"counts.csv:{line} row id=mdacc2010-recurrence field 'percent': 56.5% does not match 80/172 = 46.51%",
    )


def test_quote_not_in_document(data_copy):
    line = set_cell(data_copy / "survival.csv", "mdacc2010-os-5y", "quote", "Five-year overall survival was 87.4%")
    check_fails(
        data_copy,
        f"survival.csv:{line} row id=mdacc2010-os-5y field 'quote': is not found verbatim in 001_6135af5cd95f3dcc.txt",
    )


def test_value_not_in_its_quote(data_copy):
    line = set_cell(data_copy / "survival.csv", "mdacc2010-os-5y", "survival", "0.744")
    check_fails(
        data_copy,
        f"survival.csv:{line} row id=mdacc2010-os-5y field 'survival': value 0.744 is not stated in the row's quote",
    )


def test_nothing_is_half_loaded(data_copy):
    """One bad cell in one file: load() returns nothing at all, whatever else is fine."""
    set_cell(data_copy / "counts.csv", "mdacc2010-recurrence", "numerator", "lots")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(data_copy, SOURCES)
    assert len(caught.value.problems) >= 1
    assert all(p.file for p in caught.value.problems)


def test_export_json_has_every_table_and_field():
    result = run_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    ev = evidence.load()
    assert set(payload) == set(ev.table_names)
    for name in ev.table_names:
        assert len(payload[name]) == len(ev.table(name))
        assert all(set(row) == set(ev.table(name).columns) for row in payload[name])
    hr = next(r for r in payload["effects"] if r["id"] == "xiang2018-hr-ehd-mv")
    assert (hr["estimate"], hr["ci_lower"], hr["ci_upper"], hr["p_value"]) == (3.9, 1.7, 9.2, 0.002)
    assert next(r for r in payload["cohorts"] if r["id"] == "xiang2018-ehd-yes")["n"] is None  # missing stays missing


def test_summary_lists_every_study_with_its_n():
    result = run_cli("summary")
    assert result.returncode == 0, result.stderr
    for study_id, n in [
        ("xiang2018", 332),
        ("mdacc2010", 172),
        ("spolverato2017", 322),
        ("gudmundsdottir2023", 546),
        ("hepatogastro2000", 28),
    ]:
        assert study_id in result.stdout
        assert f"n = {n}" in result.stdout
    assert "Rows per table:" in result.stdout


# --- free text that would become markup on a page or a formula in a spreadsheet (issue 18) ---------------------------


SUMMARY = ("discrepancies", "d-mdacc2010-margin-p", "summary")  # free-text cells the pages and downloads show
NOTES = ("studies", "xiang2018", "notes")
LABEL = ("cohorts", "xiang2018-all", "label")


@pytest.mark.parametrize(
    ("table", "row_id", "field", "payload", "what"),
    [
        (*SUMMARY, "See ![scan](https://evil.example/pixel.png) for details.", "contains a Markdown image"),
        (*LABEL, "[Log in again](https://evil.example)", "contains a Markdown link"),
        (*NOTES, "Read <img src=x onerror=alert(1)> here", "contains an HTML tag"),
        (*NOTES, '=HYPERLINK("https://evil.example","Click")', "starts with '=' (a spreadsheet formula)"),
        (*SUMMARY, "@SUM(A1:A9)", "starts with '@' (a spreadsheet formula)"),
        (*SUMMARY, "Call :red[**URGENT**] now", "contains a Streamlit colour or icon directive"),
        (*NOTES, "Log in at <https://evil.example/login>", "contains a Markdown autolink"),
        (*NOTES, "Read <img src=x onerror=alert(1)", "contains an HTML tag"),
    ],
)
def test_free_text_that_would_become_markup_is_rejected(data_copy, table, row_id, field, payload, what):
    line = set_cell(data_copy / f"{table}.csv", row_id, field, payload)
    check_fails(data_copy, f"{table}.csv:{line} row id={row_id} field '{field}': {what}")


def test_a_p_value_below_a_bound_is_not_mistaken_for_markup(data_copy):
    # discrepancies carry '<' in plain words ('P < 0.001'): only a tag is markup
    set_cell(data_copy / "discrepancies.csv", "d-mdacc2010-margin-p", "summary", "P <0.001 vs P > 0.4, and a<b.")
    assert evidence.load(data_copy, SOURCES).discrepancies is not None


def test_a_table_that_cannot_be_read_is_named(data_copy):
    (data_copy / "effects.csv").unlink()
    (data_copy / "effects.csv").mkdir()  # unreadable as a file, even for root
    check_fails(data_copy, "effects.csv: cannot be read (Is a directory)")
