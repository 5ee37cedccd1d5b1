"""The 'Our unit' page as a user drives it: empty, with the synthetic example, with summary numbers typed in, with
impossible numbers, after 'Clear my data'; and the board's panel when the session holds a series."""

from __future__ import annotations

import logging

import pytest

from tests.support.apptest import run, shown
from tests.support.apptest import texts as body_texts
from tests.support.html_tables import page_tables

UNIT, BOARD = "app_pages/unit.py", "app_pages/board.py"


def texts(at) -> str:
    """Everything the page writes: body text, tables, captions and headers."""
    return body_texts(at) + "\n" + shown("\n".join(str(e.value) for e in (*at.caption, *at.header, *at.error)))


def _with_example(params: dict | None = None):
    at = run(UNIT, params)
    at.button(key="unit_example").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_data_the_page_says_so_and_what_happens_to_data():
    page = texts(run(UNIT))
    assert "No data of yours is loaded" in page
    assert "nothing you upload or type is written to disk, to a log or to a link" in page
    assert "Your survival beside the published curves" not in page


def test_the_example_shows_the_units_five_year_survival_beside_the_pool():
    page = texts(_with_example())
    assert "Our unit: 120 patients, 30 deaths; 5-year survival 77.7% (68.2–84.7) (Kaplan–Meier, 95% CI)" in page
    assert "74.3% (71.0–77.4); 95% PI 67.1–80.8%" in page
    assert "This link carries the filters, never your data" in page


def test_the_sidebar_filters_select_the_units_patients():
    page = texts(_with_example({"primary_site": "pancreas"}))
    assert "Our unit: 37 patients, 8 deaths" in page
    assert "Primary tumour site: Pancreas (37 of your 120 patients remain)" in page
    assert "No funnel plot: the published series are not pooled at 5 years" in page


def _typed(**numbers):
    """The summary form filled in (keys: the form's number inputs) and submitted."""
    at = run(UNIT)
    at.radio(key="local_input").set_value("Summary numbers").run()
    for key, value in numbers.items():
        at.number_input(key=key).set_value(value)
    at.button[-1].click().run()  # the form's submit button
    return at


def test_summary_numbers_typed_in_are_shown_as_entered():
    at = _typed(unit_patients=80, unit_s5=70.0)
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert "Our unit: 80 patients; 5-year survival 70.0% (entered)" in page
    assert "summary numbers entered on the page" in page


def test_impossible_summary_numbers_are_refused_and_nothing_is_loaded():
    at = _typed(unit_patients=50, unit_s1=60.0, unit_s5=80.0)
    errors = " ".join(e.value for e in at.error)
    assert "The numbers were not used" in errors and "higher than at 1 year" in errors
    assert "No data of yours is loaded" in texts(at)


def test_clear_my_data_forgets_the_series():
    at = _with_example()
    at.button(key="unit_clear").click().run()
    assert "No data of yours is loaded" in texts(at)
    assert "local_data" not in at.session_state


def test_the_board_shows_the_units_patients_like_this_one():
    at = _with_example({"primary_site": "small_bowel", "grade": "g2", "extrahepatic": "no"})
    at.switch_page(BOARD).run()
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert "Our unit's patients like this one (local data, not published, not checked)" in page
    assert "Our unit: 28 patients, 10 deaths" in page


def test_the_board_without_data_has_no_unit_panel():
    page = texts(run(BOARD, {"primary_site": "small_bowel", "grade": "g2", "extrahepatic": "no"}))
    assert "Our unit" not in page


def test_the_log_rank_tests_open_on_demand_with_r_survdiffs_statistic():
    at = _with_example()
    assert "χ² 0.21" not in texts(at)  # folded: not computed
    at.session_state["unit_logrank_open"] = True
    at.run()
    page = texts(at)
    # R: survdiff(Surv(years, event) ~ primary_site) over groups of >= 10 patients: chisq 0.2098, 2 df, p 0.900
    assert "χ² 0.21, 2 df, p = 0.900" in page and "Colon (5)" in page


def test_clear_my_data_also_forgets_typed_numbers_and_prepared_files():
    at = _typed(unit_patients=80, unit_s5=70.0)
    at.session_state["prepared_unit_survival"] = ("view", {"png": b"figure of the unit"})
    at.button(key="unit_clear").click().run()
    assert "No data of yours is loaded" in texts(at)
    assert at.number_input(key="unit_patients").value is None and at.number_input(key="unit_s5").value is None
    assert "prepared_unit_survival" not in at.session_state


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter().format(record))  # message and any traceback, as the log would have them


@pytest.mark.parametrize(
    ("page", "failing_part"),
    [
        (UNIT, "shell.local_data.unit_view"),
        (BOARD, "shell.local_data.unit_view"),
        (BOARD, "components.widgets.local_series.unit_panel"),  # caught by the frame's error boundary
    ],
)
def test_a_failure_while_holding_local_data_leaves_none_of_it_in_the_log(monkeypatch, page, failing_part):
    def failing(*args, **kwargs):
        raise ValueError("could not read '943 476 5919' for Jane Doe")

    records = _Records()
    logging.getLogger("nelm").addHandler(records)
    try:
        at = _with_example({"primary_site": "small_bowel", "grade": "g2", "extrahepatic": "no"})
        monkeypatch.setattr(failing_part, failing)
        at.session_state["local_views"] = {}  # the session's unit views made before the failure
        at.switch_page(page).run()
    finally:
        logging.getLogger("nelm").removeHandler(records)
    assert any("could not be drawn" in e.value for e in at.error)
    logged = "\n".join(records.lines)
    assert "ValueError" in logged and "message withheld" in logged
    assert "Jane" not in logged and "943" not in logged


def test_the_board_panel_does_not_give_a_false_reason_for_the_missing_pool():
    # the board pools nothing by design (closest cohorts, never pooled); its panel must not say that fewer than two
    # series report these times, which is false here: the Survival page pools 5 and 10 years for these filters
    at = _with_example({"liver_burden": "bilobar"})
    at.switch_page(BOARD).run()
    panel = next(t for t in page_tables(at) if "Published, pooled" in t.columns)
    assert set(panel["Published, pooled"]) == {
        "not pooled on the board: the closest published cohorts are in the table above"
    }
