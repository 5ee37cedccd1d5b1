"""'The plotted data (CSV)' of the Survival chart, downloaded in a real browser, holds the points the chart draws."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support.browser import plotted_data, wait_for_app

pytestmark = pytest.mark.browser


def _points(traces) -> set[tuple[float, float]]:
    return {
        (round(x, 4), round(y, 4))
        for t in traces
        for x, y in zip(t["x"], t["y"], strict=False)
        if isinstance(x, int | float) and isinstance(y, int | float)
    }


def test_the_survival_charts_plotted_data_are_its_points(page, app_url):
    page.goto(f"{app_url}/survival")
    wait_for_app(page)
    (chart,) = plotted_data(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="The plotted data (CSV)").click()
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    in_file = {(round(float(r["time_years"]), 4), round(float(r["survival"]), 4)) for r in rows if r["time_years"]}
    drawn = _points(t for t in chart if not (t["name"] or "").startswith("95% prediction interval"))
    assert drawn and drawn <= in_file, sorted(drawn - in_file)[:10]
    reported = [r for r in rows if r["reported_or_derived"] == "reported" and r["kind"] == "landmark"]
    assert reported and all(r["locator"] and r["source_words"] and r["study"] for r in reported)
    assert {(round(float(r["time_years"]), 4), round(float(r["survival"]), 4)) for r in reported} <= drawn
    pooled = [r for r in rows if r["kind"] == "pooled"]
    assert [round(float(r["survival"]), 3) for r in pooled] == [0.743, 0.486]  # metafor-checked (issue 14)
