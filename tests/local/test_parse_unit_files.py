"""A unit's CSV, read strictly: each malformed file in tests/local/data is refused whole, with file, line and column
named; the encodings and separators spreadsheets write are read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import evidence
from local_series.parse import MAX_ROWS, UploadRefused, parse_series, patient_vocabulary
from local_series.template import EXAMPLE_NAME, TEMPLATE_CSV

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 12, 2)
VOCABULARY = patient_vocabulary(evidence.load().vocabulary)
ROOT = Path(__file__).resolve().parents[2]

# file -> (line, column, words the message must contain); line None: the whole file
REFUSED = {
    "empty.csv": (None, None, "the file is empty"),
    "blank_lines_only.csv": (None, None, "the file is empty"),
    "header_only.csv": (1, None, "no patient rows"),
    "text_in_time.csv": (3, "time_months", "'about two years' is not a number"),
    "negative_time.csv": (3, "time_months", "greater than 0"),
    "zero_time.csv": (2, "time_months", "greater than 0"),
    "event_not_0_1.csv": (3, "event", "'2' is not 1 (death) or 0 (censored"),
    "event_as_word.csv": (2, "event", "'dead' is not 1 (death) or 0"),
    "days_as_months.csv": (None, "time_months", "look like days, not months"),
    "months_as_years.csv": (None, "time_years", "look like months, not years"),
    "pipe_delimited.csv": (1, None, "separate columns by commas"),
    "windows_1252.csv": (3, None, "is not UTF-8"),
    "utf16.csv": (None, None, "UTF-16"),
    "duplicate_header.csv": (1, "Margin", "appears twice (columns 3 and 4)"),
    "unknown_margin.csv": (3, "margin", "'R3' is not one of the allowed values: r0 (R0), r1 (R1)"),
    "name_column.csv": (1, "patient_name", "looks like an identifier"),
    "date_of_birth_column.csv": (1, "date_of_birth", "looks like an identifier"),
    "nhs_number_in_a_cell.csv": (2, "primary_site", "looks like an NHS, social security or record number"),
    "ragged_row.csv": (3, None, "the row has 2 fields, the header has 3"),
    "no_event_column.csv": (1, None, "needs a column 'event'"),
    "two_time_columns.csv": (1, None, "one follow-up time column"),
    "future_resection.csv": (2, "resection_date", "is in the future"),
    "follow_up_past_today.csv": (2, "resection_date", "would end after today"),
    "group_value_for_a_patient.csv": (2, "primary_site", "describes a group, not a patient"),
    "unknown_column.csv": (1, "chemo_cycles", "unknown column"),
    "blank_first_line.csv": (1, None, "line 1 is empty"),
    "event_true_false.csv": (2, "event", "a spreadsheet or statistics program wrote it so: write 1 and 0"),
    "ki67_as_fractions.csv": (None, "ki67", "look like fractions; give percentages"),
    "median_just_over_15_years.csv": (None, "time_years", "look like months, not years"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_malformed_file_is_refused_whole_naming_file_line_and_column(name):
    line, column, words = REFUSED[name]
    with pytest.raises(UploadRefused) as refused:
        parse_series((DATA / name).read_bytes(), name, VOCABULARY, today=TODAY)
    matching = [p for p in refused.value.problems if words in p.message]
    assert matching, [p.text for p in refused.value.problems]
    problem = matching[0]
    assert (problem.file, problem.line, problem.column) == (name, line, column)
    where = f"{name}" + (f", line {line}" if line else "") + (f", column {column}" if column else "")
    assert problem.text.startswith(where + ": ")


def test_every_problem_of_a_file_is_listed_not_only_the_first():
    data = b"time_months,event\nabc,1\n-1,0\n3,2\n"
    with pytest.raises(UploadRefused) as refused:
        parse_series(data, "three.csv", VOCABULARY, today=TODAY)
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (2, "time_months"),
        (3, "time_months"),
        (4, "event"),
    ]


def test_more_rows_than_the_limit_are_refused():
    data = b"time_months,event\n" + b"12,1\n" * (MAX_ROWS + 1)
    with pytest.raises(UploadRefused, match="100,001 patient rows; the limit is 100,000"):
        parse_series(data, "big.csv", VOCABULARY, today=TODAY)


def test_utf8_with_a_byte_order_mark_and_labels_for_values():
    series = parse_series((DATA / "utf8_with_bom.csv").read_bytes(), "bom.csv", VOCABULARY, today=TODAY)
    assert series.patients["time_years"].tolist() == pytest.approx([12.5 / 12, 30 / 12])
    assert series.patients["primary_site"].tolist() == ["small_bowel", "pancreas"]  # 'Pancreas' is the label


def test_excel_semicolon_csv_with_decimal_commas_and_ki67_percent():
    series = parse_series((DATA / "excel_semicolon.csv").read_bytes(), "excel.csv", VOCABULARY, today=TODAY)
    assert series.patients["time_years"].tolist() == pytest.approx([12.5 / 12, 30 / 12])
    assert series.patients["margin"].tolist() == ["r0", None]  # empty: not recorded
    assert series.patients["ki67"].tolist() == ["lt3", "3to20"]  # 2% and 12.5% by the WHO cut-offs
    assert series.time_unit == "months" and series.deaths == 1


def test_tab_separated_years():
    series = parse_series((DATA / "tab_separated.csv").read_bytes(), "tabs.csv", VOCABULARY, today=TODAY)
    assert series.patients["time_years"].tolist() == [1.5, 4.0] and series.columns == ("extrahepatic",)


def test_the_template_and_the_shipped_example_are_accepted():
    template = parse_series(TEMPLATE_CSV, "template.csv", VOCABULARY, today=TODAY)
    assert template.n == 3 and template.patients["resection_year"].tolist() == [2015, 2019, 2021]
    example = parse_series((ROOT / "local_series" / EXAMPLE_NAME).read_bytes(), EXAMPLE_NAME, VOCABULARY, today=TODAY)
    assert (example.n, example.deaths) == (120, 30)


def test_an_accepted_series_keeps_nothing_that_identifies_a_patient():
    series = parse_series(TEMPLATE_CSV, "template.csv", VOCABULARY, today=TODAY)
    assert "resection_date" not in series.patients  # the year only
    assert set(series.patients.columns) <= {
        "time_years",
        "event",
        "resection_year",
        *series.columns,
    }


def test_the_server_caps_uploads_at_the_size_the_parser_states():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "maxUploadSize = 10\n" in config


@pytest.mark.parametrize(
    ("name", "n"),
    [("excel_trailing_separators.csv", 2), ("old_mac_line_ends.csv", 2), ("median_just_under_15_years.csv", 3)],
)
def test_what_spreadsheets_write_is_read_and_a_plausible_long_follow_up_is_kept(name, n):
    series = parse_series((DATA / name).read_bytes(), name, VOCABULARY, today=TODAY)
    assert series.n == n and series.deaths == 1
