"""Issue 14 as a person sees it in Chromium: what a link to each view puts on the screen and in the chart."""

from __future__ import annotations

import pytest

from tests.support.browser import plotted_data, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def open_view(page, app_url, query: str):
    page.goto(f"{app_url}/{query}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0


def traces(page) -> dict[str, dict]:
    return {t["name"]: t for chart in plotted_data(page) for t in chart}


def test_pooling_rules_on_screen(page, app_url):
    open_view(page, app_url, "survival?treatment=any")
    assert page.get_by_role("heading", name="Overall survival: operated and not operated cohorts").count() == 1
    screenshot(page, "issue14-survival-treatment-any")

    open_view(page, app_url, "survival?endpoint=DFS")
    assert page.get_by_text("Not pooled: the studies disagree").count() >= 1
    assert page.get_by_text("Cheung 2014 33.3% (n = 12); Spolverato 2017 75.5% (n = 322)").count() == 1
    assert not any(name.startswith("Pooled estimate") for name in traces(page))
    screenshot(page, "issue14-survival-dfs")

    open_view(page, app_url, "survival")
    shown = traces(page)
    interval = shown["95% prediction interval of the pooled value (derived, t(k − 2))"]
    assert [round(y, 3) for y in interval["y"] if y is not None][2:] == [0.287, 0.686]  # 10 years
    assert page.get_by_text("28.7–68.6%").count() >= 1
    screenshot(page, "issue14-survival-default")


def test_median_not_reached_and_single_points_on_screen(page, app_url):
    open_view(page, app_url, "survival?compare=extent")
    shown = traces(page)
    ar = next(
        t for name, t in shown.items() if "Anatomic resection (AR)" in (name or "") and "median not reached" in name
    )
    assert ar["y"] == [0.5, 1.0] and round(ar["x"][0], 3) == round(47.7 / 12, 3)  # a bar above 50% at the follow-up
    nar = [t for name, t in shown.items() if "Non-anatomic" in (name or "")]
    assert nar and all(len(t["x"]) == 1 for t in nar)  # one reported point (the median): a marker, no line
    screenshot(page, "issue14-survival-extent")

    open_view(page, app_url, "survival?recurrence_site=extrahepatic")
    assert page.get_by_text("— (one reported point)", exact=True).count() == 3
    screenshot(page, "issue14-survival-extrahepatic-recurrence")

    open_view(page, app_url, "board?cytoreduction=gt70")
    assert page.get_by_text("not reached (reported; follow-up not stated)").count() >= 1
    names = list(traces(page))
    assert any("Maxwell 2015" in (n or "") and "secondary source" in n for n in names)
    screenshot(page, "issue14-board-debulking")
