"""Every figure downloadable as PNG and SVG: on Survival and Forest, asking for the files gives
two download buttons with a real PNG and a real SVG of the chart on screen; a filter change drops
files made for the previous view."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.apptest import run
from tests.support.browser import loud_skip
from tools.local_server import CHROMIUM


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        loud_skip(
            f"FIGURE DOWNLOAD TESTS SKIPPED: no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium`."
        )


ALWAYS_OFFERED = ("The plotted data (CSV)", "R script reproducing")  # made on click (deferred), never prepared


def downloads(at) -> dict[str, bytes]:
    """The prepared files on offer (the plotted data and R scripts are offered always, made only when clicked)."""
    return {b.proto.label: b for b in at.get("download_button") if not b.proto.label.startswith(ALWAYS_OFFERED)}


@pytest.mark.parametrize(
    ("page", "prepare"), [("app_pages/survival.py", "prepare_survival"), ("app_pages/forest.py", "prepare_forest")]
)
def test_prepare_gives_a_png_and_an_svg_of_the_figure(chromium, page, prepare):
    at = run(page)
    assert not downloads(at), "files appear only when asked for"
    at.button(key=prepare).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert set(downloads(at)) == {"Figure (PNG)", "Figure (SVG)"}
    stem = prepare.removeprefix("prepare_")
    png, svg = (at.session_state[f"prepared_{stem}"][1][kind] for kind in ("png", "svg"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 2560  # 1280 px at scale 2
    assert b"<svg" in svg[:400] and (b"Survival" in svg or b"Hazard ratio" in svg)


def test_files_made_for_one_view_are_not_offered_for_another(chromium):
    at = run("app_pages/survival.py")
    at.button(key="prepare_survival").click().run()
    assert downloads(at)
    at.session_state["f_extrahepatic"] = "no"
    at.run()
    assert not downloads(at)
