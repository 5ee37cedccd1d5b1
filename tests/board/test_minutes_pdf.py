"""The one-page PDF for the minutes of a pancreatic board (issue 21): case details typed on the page, the bottom line,
one line per feature, only the source contradictions touching printed numbers, nothing about other primary sites,
and a figure printed no narrower than 8-point text allows."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

import evidence
from components.figures.board import board_survival_figure
from components.figures.palette import study_colours
from export.board_summary import board_files, min_figure_width
from export.summary import CaseDetails
from tests.support.browser import loud_skip
from tools.local_server import CHROMIUM
from views.board import board_view
from views.certainty import board_findings, graded, overview_findings, with_changes
from views.filters import DEFAULT
from views.labels import Labels

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
PANCREATIC_G2 = dict(
    primary_site="pancreas", grade="g2", ki67="3to20", primary_resected="yes", extrahepatic="no", treatment="resection"
)
CASE = CaseDetails("Board 14, case 3", date(2026, 12, 3), "Dr A. Example")


@pytest.fixture(scope="module")
def pancreatic_pdf() -> str:
    if not Path(CHROMIUM).exists():
        loud_skip(f"MINUTES PDF TESTS SKIPPED: no Chromium at {CHROMIUM} to render the figure.")
    profile = dataclasses.replace(DEFAULT, **PANCREATIC_G2)
    view = board_view(EV, profile, LABELS)
    findings = with_changes(board_findings(EV, profile, LABELS, view), overview_findings(EV, DEFAULT, LABELS))
    view = graded(view, findings)  # as the page: the bottom line carries the certainty
    colours = study_colours(EV.studies["id"])
    files = board_files(
        view,
        board_survival_figure(view.survival, colours),
        "Overall survival of the closest cohorts",
        EV,
        "https://nelm.hospital.example/board?primary_site=pancreas",
        datetime(2026, 12, 2, 9, tzinfo=UTC),
        CASE,
        board_survival_figure(view.survival, colours, presenter=True),
        findings,
    )
    reader = PdfReader(io.BytesIO(files["pdf"]))
    assert len(reader.pages) == 1
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_case_details_typed_for_the_minutes_head_the_page(pancreatic_pdf):
    assert "Case: Board 14, case 3 · Meeting: 2026-12-03 · Presented by: Dr A. Example" in pancreatic_pdf


def test_the_bottom_line_and_every_feature_line_are_printed(pancreatic_pdf):
    assert "Bottom line Overall survival: 5 years not reported; 10 years 66.8–69.3% reported" in pancreatic_pdf
    for head in (
        "Primary tumour site: Pancreas — conflicting",
        "Extrahepatic disease: Liver-only disease — better",
        "Grade: G2 — better than G3",
        "Ki-67 index: Ki-67 3–20% — worse than Ki-67 <3%",
    ):
        assert head in pancreatic_pdf


def test_nothing_about_other_primary_sites_is_printed_for_a_pancreatic_patient(pancreatic_pdf):
    # MD Anderson 2010's lung/thymus, colon and rectum rows (and the contradiction about the lung HR) stay in the app
    for other in ("Lung", "thymus", "Rectum", "rectal", "Colon primary"):
        assert other not in pancreatic_pdf


def test_only_contradictions_touching_printed_numbers_are_listed(pancreatic_pdf):
    listed = pancreatic_pdf.split("Source contradictions touching these numbers")[1].split("Patient profile")[0]
    # discrepancies.csv: Xiang 2018's median of 9.64 y vs 50.4% alive at 10 y touches the whole cohort drawn for contrast
    assert "Median OS of 9.64 years cannot be true" in listed
    assert "HR 15.63" not in listed


def test_the_figure_is_printed_and_its_smallest_text_reaches_eight_points(pancreatic_pdf):
    assert "more figure" not in pancreatic_pdf and "69.3%" in pancreatic_pdf
    # 960 px wide, smallest text 18 px: 8 pt = 2.822 mm, so the figure must print at least 960 * 2.822 / 18 mm wide
    assert min_figure_width(18, 960) == pytest.approx(150.52, abs=0.01)


def test_the_public_base_url_replaces_the_address_the_server_sees():
    from urllib.parse import urlsplit

    from shell.url_state import link_on

    seen = urlsplit("http://localhost:8501/board?x=1")
    assert link_on("https://nelm.hospital.example/evidence/", seen, "board", "a=1") == (
        "https://nelm.hospital.example/evidence/board?a=1"
    )
    assert link_on("", seen, "board", "a=1") == "http://localhost:8501/board?a=1"
    # an operator who leaves out the scheme still gets a link a browser opens, not a relative path
    assert link_on("nelm.hospital.example/evidence", seen, "board", "a=1") == (
        "https://nelm.hospital.example/evidence/board?a=1"
    )


def test_the_certainty_of_each_outcome_prints_with_why_it_was_rated_down(pancreatic_pdf):
    assert "Certainty of the evidence (GRADE for prognosis" in pancreatic_pdf
    assert "Overall survival at 10 years: 66.8% (61.2–72.1) (1 study) · certainty ⊕◯◯◯ very low" in pancreatic_pdf
    assert "Indirectness: very serious, not defined by Primary tumour site: Pancreas" in pancreatic_pdf
