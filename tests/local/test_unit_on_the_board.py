"""The unit's own series on the tumour board: its patients like this one, their values in the minutes PDF and its
curve in the figure, each marked local data, not published, not checked; never pooled."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

import evidence
from components.figures.board import board_survival_figure
from components.figures.local_series import with_unit
from components.figures.palette import study_colours
from export.board_summary import board_files, board_summary, unit_numbers
from local_series.parse import parse_series, patient_vocabulary
from local_series.summary import LocalSummary
from tests.support.browser import loud_skip
from tools.local_server import CHROMIUM
from views.board import board_view
from views.filters import DEFAULT
from views.labels import Labels
from views.local_series import unit_view
from views.select import broader_map

ROOT = Path(__file__).resolve().parents[2]
EV = evidence.load()
LABELS = Labels.from_evidence(EV)
PROFILE = dataclasses.replace(DEFAULT, primary_site="small_bowel", grade="g2", extrahepatic="no")
SERIES = parse_series(
    (ROOT / "local_series" / "synthetic_example_unit.csv").read_bytes(),
    "our_unit.csv",
    patient_vocabulary(EV.vocabulary),
)


@pytest.fixture(scope="module")
def board():
    view = board_view(EV, PROFILE, LABELS)
    return view, unit_view(SERIES, PROFILE, view.survival, LABELS, broader_map(EV.vocabulary))


def test_the_profile_selects_the_units_patients_like_this_one(board):
    _, unit = board
    assert unit.n == 28  # small bowel, G2, liver-only patients of the example
    assert unit.applied[-1] == "Tumour grade: G2 (28 of your 120 patients remain)"


def test_the_minutes_carry_the_units_values_marked_local(board):
    view, unit = board
    summary = board_summary(view, None, "", EV, "https://x.example/board", datetime(2026, 12, 2, tzinfo=UTC), unit=unit)
    rows = [r for r in summary.numbers if r.what.startswith("Our unit")]
    # the years the board prints for published cohorts
    marked = "Our unit, patients like this one, survival at"
    assert [r.what for r in rows] == [f"{marked} {y} y" for y in (5, 10)]
    # R (tests/reference/make_local_reference.R, board_small_bowel_g2_liver_only): 0.6882 (0.4686–0.8318), 12 at risk;
    # 0.4645 (0.1640–0.7224), 2 at risk
    assert [r.value for r in rows] == ["68.8% (46.9–83.2)", "46.5% (16.4–72.2), only 2 at risk"]
    assert all(r.provenance == "derived: Kaplan–Meier" for r in rows)
    assert all(
        (r.source, r.locator) == ("Our unit: local data, not published, not checked", "our_unit.csv") for r in rows
    )
    assert "Includes our unit's own series (28 patients; local data, not published, not checked; never pooled)." in (
        summary.notices
    )
    assert unit_numbers(None) == []


def test_the_minutes_say_what_of_the_profile_the_units_data_could_not_carry():
    profile = dataclasses.replace(PROFILE, liver_burden="bilobar")
    view = board_view(EV, profile, LABELS)
    unit = unit_view(SERIES, profile, view.survival, LABELS, broader_map(EV.vocabulary))
    summary = board_summary(view, None, "", EV, "https://x.example/board", datetime(2026, 12, 2, tzinfo=UTC), unit=unit)
    rows = [r for r in summary.numbers if r.what.startswith("Our unit")]
    assert rows[0].what == "Our unit, patients like this one (profile partly applied), survival at 5 y"
    notice = next(n for n in summary.notices if n.startswith("Includes our unit's own series"))
    assert notice.endswith("; not applied to its data: Liver metastases: number and distribution: Bilobar.")


def test_summary_numbers_are_never_called_patients_like_this_one():
    summary_numbers = LocalSummary(patients=80, survival={5: 0.70})
    view = board_view(EV, PROFILE, LABELS)
    unit = unit_view(summary_numbers, PROFILE, view.survival, LABELS, broader_map(EV.vocabulary))
    (row,) = unit_numbers(unit)
    assert row.what == "Our unit, whole series as entered (not matched to this profile), survival at 5 y"
    assert row.value == "70.0%" and row.provenance == "reported (entered by the unit)"


def test_the_board_figure_and_the_pdf_show_the_units_curve(board):
    if not Path(CHROMIUM).exists():
        loud_skip(f"UNIT MINUTES PDF TEST SKIPPED: no Chromium at {CHROMIUM} to render the figure.")
    view, unit = board
    colours = study_colours(EV.studies["id"])
    figure = with_unit(board_survival_figure(view.survival, colours, height=480), unit, height=480)  # as the page
    names = [t.name for t in figure.data if t.name]
    # the legend carries the 5-year value (R: 0.6882, 0.4686–0.8318), so that the printed figure does
    assert "Our unit (local data, not published, not checked; n = 28): Kaplan–Meier, 5 years 68.8% (46.9–83.2)" in names
    at_risk = dict(
        zip(unit.curve.at_risk_times, [a.text for a in figure.layout.annotations if a.name == "at_risk"], strict=True)
    )
    raw = pd.read_csv(ROOT / "local_series" / "synthetic_example_unit.csv")
    like = raw[(raw.primary_site == "small_bowel") & (raw.grade == "g2") & (raw.extrahepatic == "no")]
    assert at_risk[2.0] == str(int((like.time_months / 12 >= 2).sum()))  # still followed at 2 years, counted here
    paper = with_unit(board_survival_figure(view.survival, colours, presenter=True, height=640), unit, True, 640)
    files = board_files(
        view, figure, "words", EV, "https://x.example/board", datetime(2026, 12, 2, tzinfo=UTC), None, paper, None, unit
    )
    reader = PdfReader(io.BytesIO(files["pdf"]))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "more figure" not in text, text[text.index("more figure") - 300 :]
    assert "Our unit, patients like this one, survival at 5 y" in text
    assert "local data, not published, not checked" in text
