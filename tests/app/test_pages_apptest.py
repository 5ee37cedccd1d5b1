"""Page logic through Streamlit's AppTest: every page runs for every value of each filter,
a filter change changes the numbers shown, bad query parameters fall back."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from shell.sidebar import LEAVE_OUT_KEY, MORE_FILTERS_KEY, SIDEBAR_FILTERS
from tests.support.apptest import ALLOWED, PAGES, run, shown, texts


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    at = run(page)
    assert not at.error


@pytest.mark.parametrize("page", ["app_pages/survival.py", "app_pages/forest.py"])
@pytest.mark.parametrize("name", [n for n, _ in SIDEBAR_FILTERS])
def test_every_filter_value_runs(page, name):
    for value in ALLOWED[name]:
        at = run(page, state={f"f_{name}": value})
        assert not at.error, (name, value, [e.value for e in at.error])


def test_filter_change_changes_the_survival_readout():
    default = texts(run("app_pages/survival.py"))
    liver_only = texts(run("app_pages/survival.py", state={"f_extrahepatic": "no"}))
    assert "69.3% (reported)" in liver_only and "69.3% (reported)" not in default
    assert "77.4% (reported)" in default


def test_url_parameters_set_the_view():
    at = run("app_pages/survival.py", params={"extrahepatic": "yes", "matched": "yes"})
    assert at.session_state["filters"].extrahepatic == "yes"
    assert "37.5% (reported)" in texts(at)


def test_bad_query_parameters_fall_back_with_a_notice():
    # the page a link opens on first shows the notice (the browser test covers /survival?…)
    at = run("app_pages/overview.py", params={"extrahepatic": "perhaps", "endpoint": "XYZ", "zzz": "1"})
    warnings = " ".join(w.value for w in at.warning)
    assert "extrahepatic=“perhaps”" in warnings and "endpoint=“XYZ”" in warnings and "“zzz”" in warnings
    assert at.session_state["filters"].extrahepatic == "any"


def test_one_study_left_is_said_plainly():
    at = run("app_pages/survival.py", state={"f_primary_resected": "no"})
    assert "Only one study" in texts(at)


def test_no_study_left_is_said_plainly():
    at = run("app_pages/survival.py", state={"f_primary_site": "thyroid"})
    assert "No study reports Overall survival for this selection" in texts(at)


def chart_font_sizes(at: AppTest) -> list[float]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [spec["layout"].get("font", {}).get("size", 0) for spec in specs]


@pytest.mark.parametrize("page", ["app_pages/survival.py", "app_pages/forest.py", "app_pages/board.py"])
def test_presenter_view_enlarges_every_chart(page):
    profile = {"extrahepatic": "no"} if page.endswith("board.py") else {}  # an empty board draws no chart
    normal = chart_font_sizes(run(page, params=profile))
    presenter = chart_font_sizes(run(page, params={**profile, "presenter": "1"}))
    assert normal and len(normal) == len(presenter)
    assert all(big > small for big, small in zip(presenter, normal, strict=True)), (normal, presenter)


def test_more_filters_are_drawn_only_when_opened_and_an_active_one_is_named_when_closed():
    at = run("app_pages/survival.py", params={"ki67": "3to20"})
    labels = [s.label for s in at.sidebar.selectbox]
    assert "Ki-67 index" not in labels and "Primary tumour site" in labels  # closed: not drawn
    assert at.session_state["filters"].ki67 == "3to20"  # but still in force
    named = " ".join(shown(c.value) for c in at.sidebar.caption)
    assert "Also filtering: Ki-67 index:" in named
    at.session_state[MORE_FILTERS_KEY] = True
    at.run()
    ki67 = next(s for s in at.sidebar.selectbox if s.label == "Ki-67 index")
    assert ki67.value == "3to20"
    assert len(at.sidebar.selectbox) == len(SIDEBAR_FILTERS)
    assert "Also filtering" not in " ".join(shown(c.value) for c in at.sidebar.caption)


def test_leaving_out_a_study_is_one_expander_away_and_named_when_closed():
    at = run("app_pages/survival.py", params={"exclude": "mdacc2010"})
    assert not at.sidebar.multiselect  # closed: not drawn
    assert at.session_state["filters"].exclude == ("mdacc2010",)
    assert "77.4% (reported)" not in texts(at)  # MD Anderson's 5-year value is gone from the readout
    assert any(shown(c.value).startswith("Left out: MD Anderson 2010") for c in at.sidebar.caption)
    at.session_state[LEAVE_OUT_KEY] = True
    at.run()
    assert list(at.sidebar.multiselect[0].value) == ["mdacc2010"]
