"""Helpers for tests that drive Chromium: wait for a page's run to end, read the charts as the browser holds them,
keep a screenshot, and skip loudly when no Chromium is installed."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from tests.support.files import ROOT

ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"


def loud_skip(message: str) -> None:
    warnings.warn(message, stacklevel=2)
    print("\n" + "!" * 80 + "\n" + message + "\n" + "!" * 80)
    pytest.skip(message)


# axe-core: WCAG 2.1 A/AA and axe's best practice (which holds heading order)
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def wait_for_app(pg, timeout: float = 60_000) -> None:
    """Until Streamlit has finished running the script (no 'running' status)."""
    pg.wait_for_selector("[data-testid='stTopNav']", state="attached", timeout=timeout)  # app.py has routed
    pg.get_by_text("Evidence table version").first.wait_for(timeout=timeout)  # the footer: the page has run to the end
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    # elements the frontend has not drawn yet show as skeletons; a screenshot then shows grey boxes
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    pg.wait_for_timeout(500)


def plotted_data(pg, expect_chart: bool = True) -> list[dict]:
    """x/y of every trace of every Plotly chart on the page, as the browser holds them.
    Read from _fullData: Plotly ships numpy arrays base64-encoded, so `data[i].y` is {dtype, bdata}."""
    if expect_chart:
        pg.wait_for_function(
            "() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(el => (el._fullData || []).length > 0)",
            timeout=30_000,
        )
        pg.wait_for_timeout(300)
    return pg.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el =>
             (el._fullData || []).map(t => ({name: t.name, x: Array.from(t.x || []).slice(0, 400), y: Array.from(t.y || []).slice(0, 400)})))"""
    )


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
