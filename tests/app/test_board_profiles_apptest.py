"""Issue 15 on the board page through AppTest: what the surgeon reads first, which way each factor points, the
symptom-control panel, other evidence folded, recurrence said plainly (links as a surgeon would open them)."""

from __future__ import annotations

from tests.support.apptest import run, shown, texts
from tests.support.html_tables import page_tables

BOARD = "app_pages/board.py"


def warnings(at) -> str:
    return "\n".join(shown(w.value) for w in at.warning)


def table_with(at, column, containing):
    return next(t for t in page_tables(at) if column in t.columns and t.to_csv().find(containing) >= 0)


def test_a_g3_board_says_first_that_no_surgical_cohort_of_that_grade_exists_and_which_way_grade_points():
    # the rows behind a feature line are drawn when the reader opens them
    at = run(BOARD, params={"primary_site": "pancreas", "grade": "g3"}, state={"rows_grade": True})
    assert "No cohort restricted to G3 and treated with liver surgery reports overall survival" in warnings(at)
    assert "Du 2015" in warnings(at) and "may understate survival for a well-differentiated G3 tumour" in warnings(at)
    shown = texts(at)
    assert (
        "**Grade: G3** — **worse than G1 or G2** · 6 estimates from 3 studies" in shown and "· first estimate:" in shown
    )
    grade = table_with(at, "For this patient", "Asano")
    asano = grade[grade["Study"].str.startswith("Asano")].iloc[0]
    assert asano["For this patient"] == "worse" and asano["Analysis"] == "multivariable (adjusted)"


def test_a_pancreatic_board_folds_other_primary_sites_away():
    at = run(BOARD, params={"primary_site": "pancreas"}, state={"rows_primary_site": True})
    assert any(e.label.startswith("Other evidence on primary tumour site") for e in at.expander)
    site = table_with(at, "For this patient", "Gudmundsdottir")
    assert not site["Comparison (as the source names it)"].str.contains("Lung/thymus").any()


def test_a_functional_board_shows_symptom_control_whatever_the_endpoint():
    at = run(BOARD, params={"functional": "yes", "endpoint": "PFS"})
    assert any(s.value == "Symptom control after liver surgery (functional tumours)" for s in at.header)
    relief = table_with(at, "Value (reported)", "Symptomatic relief")
    assert "96%" in set(relief["Value (reported)"])


def test_a_recurrence_board_says_what_it_shows():
    at = run(BOARD, params={"setting": "recurrence", "recurrence_site": "extrahepatic"})
    assert "This patient recurred after liver surgery" in warnings(at)
    assert "Extrahepatic-only recurrence" in texts(at)
