"""A larger evidence table (issue 22): the synthetic generator's copies pass the checker and are marked synthetic on
every page; figures stay readable (the largest cohorts drawn, the rest counted) while the pool keeps them all."""

from __future__ import annotations

import dataclasses

import pytest

import evidence
from components.figures.palette import study_colours
from components.figures.survival import MAX_DRAWN, survival_figure
from tests.support.apptest import forget_the_loaded_evidence, run
from tests.support.files import SOURCES
from tools.synthetic_evidence import write
from views.board import MAX_CONTRAST, board_view, describe_figure
from views.filters import DEFAULT
from views.labels import Labels
from views.survival import survival_view


@pytest.fixture(scope="module")
def three_copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "data"
    write(folder, 3)
    return folder


def test_three_copies_pass_the_checker_and_say_they_are_synthetic(three_copies):
    ev = evidence.load(three_copies, SOURCES)
    assert len(ev.studies) == 78 and ev.synthetic
    assert ev.curated_on.startswith("SYNTHETIC")
    assert not evidence.load().synthetic


def test_the_generator_refuses_to_write_into_the_shipped_evidence(tmp_path):
    from tools.synthetic_evidence import ROOT

    with pytest.raises(SystemExit, match="must never ship"):
        write(ROOT / "evidence" / "data_synthetic_test", 2)


def test_a_crowded_survival_figure_draws_the_largest_cohorts_and_counts_the_rest(three_copies):
    ev = evidence.load(three_copies, SOURCES)
    labels = Labels.from_evidence(ev)
    view = survival_view(ev, dataclasses.replace(DEFAULT, treatment="any"), labels)
    assert len(view.curves) == 48  # 16 per copy, as on the shipped evidence
    fig = survival_figure(view, study_colours(ev.studies["id"]))
    lines = {t.meta["cohort_id"] for t in fig.data if (t.meta or {}).get("role") in ("curve", "points")}
    assert len(lines) <= MAX_DRAWN
    (note,) = [a.text for a in fig.layout.annotations if a.name == "not_drawn_label"]
    assert note == f"28 more cohorts not drawn (the {MAX_DRAWN} largest are); all are in the readout and the pool"
    assert view.pooled[0].k >= 3  # the pool is the view's, not the figure's: every copy's cohorts stay in it


def test_a_board_with_many_whole_cohorts_draws_the_largest_and_says_how_many_are_left(three_copies):
    ev = evidence.load(three_copies, SOURCES)
    labels = Labels.from_evidence(ev)
    board = board_view(ev, dataclasses.replace(DEFAULT, grade="g3"), labels)
    assert len(board.survival.contrast) == MAX_CONTRAST
    assert board.contrast_not_drawn == 33 - MAX_CONTRAST
    assert f"21 further whole cohorts report it and are not drawn (the {MAX_CONTRAST} largest are)." in (
        describe_figure(board, labels)
    )


def test_every_page_says_the_evidence_is_synthetic(three_copies, monkeypatch):
    monkeypatch.setenv("NELM_EVIDENCE_DIR", str(three_copies))
    forget_the_loaded_evidence()
    try:
        at = run("app_pages/overview.py")
        assert any("SYNTHETIC BENCHMARK DATA" in e.value for e in at.error)
    finally:
        monkeypatch.delenv("NELM_EVIDENCE_DIR")
        forget_the_loaded_evidence()


def test_a_crowded_forest_plot_draws_the_largest_estimates_and_counts_the_rest(three_copies, monkeypatch):
    from components.figures import forest as forest_figures
    from views.forest import forest_view

    monkeypatch.setattr(forest_figures, "MAX_ROWS", 4)
    ev = evidence.load(three_copies, SOURCES)
    view = forest_view(ev, DEFAULT, Labels.from_evidence(ev), "extrahepatic:yes_vs_no")
    assert len(view.rows) == 9  # three studies' estimates, three times
    fig = forest_figures.forest_figure(view, study_colours(ev.studies["id"]))
    drawn = [t for t in fig.data if (t.meta or {}).get("role") == "estimate"]
    assert len(drawn) <= 4
    (note,) = [a.text for a in fig.layout.annotations if a.name == "not_drawn_label"]
    assert note.startswith("5 more estimates not drawn")


def test_a_long_table_draws_its_first_rows_and_offers_the_whole_as_csv(monkeypatch):
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd

        from components.widgets.static_table import show_table

        show_table(pd.DataFrame({"row": range(150)}), label="Long table")

    at = AppTest.from_function(page).run()
    (caption,) = [c.value for c in at.caption]
    assert caption == "The first 100 of 150 rows are shown; the whole table is in the CSV."
    assert at.get("download_button")[0].proto.label == "Download all 150 rows (CSV)"
