"""Export for the minutes: PNG/SVG of a figure through Kaleido + Debian's Chromium, and the one-page PDF summary.

The PDF tests read the file as a person would: one page, the text on it (pypdf), the link behind the URL, and the
page rendered by pdftoppm (saved under tests/browser/artifacts/ to look at).
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from export import (
    BoardSummary,
    ExportUnavailable,
    NumberRow,
    figure_png,
    figure_svg,
    nothing_to_export_reason,
    renderer,
    summary_pdf,
)
from export import pdf as pdf_layout
from export.fonts import printable
from tests.support.browser import loud_skip

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
CHROMIUM = Path(renderer.DEFAULT_CHROMIUM)
CET = timezone(timedelta(hours=1), "CET")
LINK = "http://localhost:8501/survival?primary_site=pancreas&extrahepatic=yes&ki67=3to20&endpoint=OS&studies=xiang2018,mdacc2010"
LIMITS = (
    "All series are retrospective and observational: patients selected for surgery differ from those who were "
    "not, so differences in survival are not effects of surgery."
)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        loud_skip(
            f"FIGURE EXPORT TESTS SKIPPED: no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium`."
        )
    yield CHROMIUM
    renderer.close_renderer()


def small_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[0, 1, 3, 5], y=[1.0, 0.93, 0.81, 0.77], mode="lines+markers", name="Series A"))
    fig.update_layout(xaxis_title="Years since liver surgery", yaxis_title="Overall survival (%)")
    return fig


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def placeholder_png(width: int = 960, height: int = 540) -> bytes:
    """A plain picture standing in for a figure, so the PDF tests run without Chromium."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(buffer, format="PNG")
    return buffer.getvalue()


def row(i: int, **changes) -> NumberRow:
    fields = {
        "what": f"OS at 5 years, cohort {i:02d}",
        "value": f"{60 + i % 30}.{i % 10}%",
        "n": 100 + i,
        "provenance": "reported",
        "source": "001_6135af5cd95f3dcc.txt",
        "locator": f"Table {i}",
    }
    return NumberRow(**(fields | changes))


def board(**changes) -> BoardSummary:
    fields = {
        "title": "NELM resection: overall survival, pancreatic primary with extrahepatic disease",
        "generated_at": datetime(2025, 3, 14, 14, 5, tzinfo=CET),
        "profile": [
            ("Primary site", "Pancreas"),
            ("Extrahepatic disease", "Lung nodule"),
            ("Margin", None),
            ("Ki-67", "3–20%"),
        ],
        "figures": [("Overall survival after resection, reported points marked", placeholder_png())],
        "numbers": [
            NumberRow(
                "10-year OS, primary resected",
                "66.8%",
                281,
                "reported",
                "000_a7ba4039219cc4f0.txt",
                "Abstract: Results",
            ),
            NumberRow(
                "Extrahepatic disease, OS",
                "HR 3.9 (95% CI 1.7–9.2)",
                "332",
                "reported",
                "000_a7ba4039219cc4f0.txt",
                "Abstract: Results",
            ),
            NumberRow(
                "SE of log HR",
                "0.43",
                None,
                "derived: SE from the 95% CI (Tierney 2007)",
                "000_a7ba4039219cc4f0.txt",
                "Abstract: Results",
            ),
        ],
        "evidence_version": "8f6774166242",
        "curated_on": "2025-03-01",
        "link": LINK,
        "limits": LIMITS,
        "notices": [],
    }
    return BoardSummary(**(fields | changes))


def read_pdf(data: bytes) -> tuple[PdfReader, str]:
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def compact(text: str) -> str:
    return "".join(text.split())


# --- figures ----------------------------------------------------------------------------------------------------


def test_png_has_the_requested_pixel_size(chromium):
    data = figure_png(small_figure(), width=400, height=300, scale=2)
    assert png_size(data) == (800, 600)


def test_svg_is_xml_with_an_svg_root_and_the_axis_title_as_text(chromium):
    data = figure_svg(small_figure(), width=640, height=360)
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    assert "Years since liver surgery" in data.decode("utf-8")


def test_two_exports_in_a_row_each_return_their_own_figure(chromium):
    # the browser is kept alive between calls: the second figure must not come back as the first
    first = figure_svg(small_figure(), width=500, height=300).decode()
    other = small_figure().update_layout(xaxis_title="Months to recurrence")
    second = figure_svg(other, width=500, height=300).decode()
    assert "Months to recurrence" in second and "Months to recurrence" not in first


def test_concurrent_exports_each_get_their_own_figure(chromium):
    # Streamlit serves every session from threads of one process, all sharing the one browser
    titles = [f"Axis title number {i}" for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        svgs = list(
            pool.map(lambda t: figure_svg(small_figure().update_layout(xaxis_title=t), 500, 300).decode(), titles)
        )
    for title, svg in zip(titles, svgs, strict=True):
        assert title in svg and all(other not in svg for other in titles if other != title)


def test_missing_chromium_is_reported_with_what_to_install(monkeypatch):
    monkeypatch.setattr(renderer, "_RENDERER", renderer._Renderer())
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)
    with pytest.raises(ExportUnavailable) as raised:
        figure_png(small_figure())
    message = str(raised.value)
    assert "Chromium" in message and "apt-get install -y chromium" in message


def test_a_chromium_that_cannot_start_is_reported_not_raised_raw(monkeypatch, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(renderer, "_RENDERER", renderer._Renderer())
    monkeypatch.setattr(renderer, "chromium_path", lambda: str(broken))
    monkeypatch.setattr(renderer, "START_TIMEOUT_S", 20)
    with pytest.raises(ExportUnavailable, match="did not start"):
        figure_png(small_figure())


# --- the PDF summary ----------------------------------------------------------------------------------------------


def test_summary_is_one_page_with_everything_the_minutes_need():
    reader, text = read_pdf(summary_pdf(board()))
    assert len(reader.pages) == 1
    assert "NELM resection: overall survival, pancreatic primary with extrahepatic disease" in text
    assert "2025-03-14 14:05 CET (UTC+01:00)" in text
    for value in ("Pancreas", "Lung nodule", "Margin: not specified", "Ki-67: 3–20%"):
        assert value in text
    assert "66.8%" in text and "Abstract: Results" in text and "000_a7ba4039219cc4f0.txt" in text
    assert "derived: SE from the 95% CI (Tierney 2007)" in text
    assert "not stated" in text  # the row whose n the source does not give
    assert "8f6774166242" in text and "2025-03-01" in text
    assert LINK in compact(text)  # printed in full (it may wrap across lines)
    assert LIMITS in text
    assert "not a treatment recommendation" in text


def test_a_missing_n_prints_as_not_stated_never_as_nan():
    _, text = read_pdf(summary_pdf(board(numbers=[row(1, n=float("nan"))])))
    assert "not stated" in text and not re.search(r"\bnan\b", text, re.IGNORECASE)


def test_the_printed_link_is_clickable():
    reader, _ = read_pdf(summary_pdf(board()))
    uris = [annot.get_object()["/A"]["/URI"] for annot in reader.pages[0].get("/Annots", [])]
    assert LINK in uris


def test_a_long_table_stays_on_one_page_and_says_how_many_rows_are_left_out():
    rows = [row(i) for i in range(1, 81)]
    figures = [("Survival", placeholder_png()), ("Forest plot", placeholder_png(960, 700))]
    reader, text = read_pdf(summary_pdf(board(numbers=rows, figures=figures)))
    assert len(reader.pages) == 1
    shown = [i for i in range(1, 81) if f"cohort {i:02d}" in text]
    left_out = int(text.split(" more rows in the app (link above)")[0].split("… ")[-1])
    assert shown == list(range(1, len(shown) + 1)), "rows are kept in order, from the top"
    assert len(shown) >= pdf_layout.MIN_TABLE_ROWS and len(shown) + left_out == 80


def test_a_short_table_is_printed_whole_without_a_more_rows_line():
    _, text = read_pdf(summary_pdf(board()))
    assert "more rows" not in text


def test_unicode_statistics_symbols_are_extractable_text():
    unicode_row = NumberRow(
        "Heterogeneity ⚑",
        "τ² = 0.04, I² = 31%, HR 0.7 (0.4–1.2) †",
        "k = 3",
        "derived: REML",
        "Xiang 2018 †",
        "Table 2",
    )
    _, text = read_pdf(summary_pdf(board(numbers=[unicode_row], profile=[("Ki-67", "≥ 3%")])))
    for symbol in ("τ²", "I²", "–", "†", "⚑", "≥ 3%"):
        assert symbol in text


def test_every_part_is_bounded_so_an_overfull_view_is_still_one_page():
    summary = board(
        title="A very long title " * 12,
        profile=[(f"Filter {i}", "value " * 8) for i in range(40)],
        notices=[f"Notice {i}: " + "no cohort matches this part of the profile " * 4 for i in range(9)],
        figures=[(f"Figure {i}", placeholder_png()) for i in range(6)],
        numbers=[row(i, what="A long description of what this number is " * 3) for i in range(1, 120)],
        limits=LIMITS * 6,
    )
    reader, text = read_pdf(summary_pdf(summary))
    assert len(reader.pages) == 1
    assert "more rows in the app (link above)" in text
    assert "more filters in the app" in text and "more notices in the app" in text


def test_empty_view_says_plainly_why_nothing_is_shown():
    summary = board(figures=[], numbers=[], notices=["No cohort matches this profile."])
    reason = nothing_to_export_reason(summary)
    assert reason is not None and "No cohort matches this profile." in reason
    reader, text = read_pdf(summary_pdf(summary))
    assert len(reader.pages) == 1
    assert "Nothing to show for this view" in text and "No cohort matches this profile." in text
    assert LIMITS in text and "8f6774166242" in text


def test_empty_view_without_notices_still_gets_a_reason():
    reason = nothing_to_export_reason(board(figures=[], numbers=[]))
    assert reason is not None and "filters" in reason


def test_a_view_with_something_to_show_has_no_empty_reason():
    assert nothing_to_export_reason(board()) is None
    assert nothing_to_export_reason(board(figures=[])) is None


def test_a_number_without_provenance_is_refused():
    with pytest.raises(ValueError, match="provenance"):
        NumberRow("5-year OS", "70%", 100, "", "source.txt", "Table 2")
    with pytest.raises(ValueError, match="provenance"):
        NumberRow("5-year OS", "70%", 100, "estimated", "source.txt", "Table 2")


def test_a_time_without_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        board(generated_at=datetime(2025, 3, 14, 14, 5))


def test_characters_the_font_lacks_are_transliterated_not_dropped(monkeypatch):
    # covered=None means the core font: Latin-1 only, so ² stays and τ, ≥, –, † are spelled out
    assert printable("τ² ≥ 3 – 5 †", covered=None) == "tau² >= 3 - 5 +"
    monkeypatch.setattr(pdf_layout, "font_choice", lambda: None)  # as if no TTF were found: core Helvetica
    reader, text = read_pdf(summary_pdf(board(numbers=[row(1, value="τ² = 0.04")])))
    assert len(reader.pages) == 1 and "tau² = 0.04" in text


def test_the_pdf_renders_to_an_image():
    if shutil.which("pdftoppm") is None:
        loud_skip("PDF RENDER TEST SKIPPED: pdftoppm is missing. Install it with `apt-get install -y poppler-utils`.")
    figures = [("Overall survival after resection, reported points marked", _figure_or_placeholder())]
    numbers = [*board().numbers, *(row(i) for i in range(1, 12))]
    notices = ["Only one study reports this subgroup; a pooled estimate rests on a single series."]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, summary in (
        ("export-summary", board(figures=figures, numbers=numbers, notices=notices)),
        ("export-summary-empty", board(figures=[], numbers=[], notices=["No cohort matches this profile."])),
    ):
        pdf = ARTIFACTS / f"{name}.pdf"
        pdf.write_bytes(summary_pdf(summary))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True, timeout=60
        )
        width, height = png_size(pdf.with_suffix(".png").read_bytes())
        assert height == 702 and abs(height / width - 297 / 210) < 0.01, "an A4 portrait page at 60 dpi"


def _figure_or_placeholder() -> bytes:
    if not CHROMIUM.exists():
        return placeholder_png()
    try:
        return figure_png(small_figure(), width=960, height=540)
    finally:
        renderer.close_renderer()
