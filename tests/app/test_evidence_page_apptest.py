"""The Evidence page reads as words, says it shows everything, and keeps its table and search in the link (issue 21)."""

from __future__ import annotations

import re

from tests.support.apptest import run

EVIDENCE = "app_pages/evidence_table.py"


def test_a_linked_search_opens_the_table_in_words():
    at = run(EVIDENCE, params={"table": "effects", "search": "Table 5: Univariate"})
    frame = at.dataframe[0].value
    assert len(frame) > 0 and frame["Where in the source"].str.contains("Table 5: Univariate").all()
    assert "MD Anderson 2010 †" in set(frame["Study"]) and "mdacc2010" not in set(frame["Study"])
    assert not [c for c in frame.columns if "_" in c]  # headings in words, not snake_case
    assert "Primary tumour site" in set(frame["Factor"])  # the vocabulary's words, not 'primary_site'
    codes = frame.select_dtypes(object).stack().astype(str)
    assert not codes.str.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+").any()


def test_locators_read_as_citations_not_file_names():
    at = run(EVIDENCE, params={"table": "effects"})
    locators = at.dataframe[0].value["Where in the source"].dropna()
    assert not locators.map(lambda text: bool(re.search(r"\.(md|txt|pdf)\b", text))).any()
    assert "Abstract, quote 10" in set(locators)  # was 'Abstract, quote 10 (further_studies.md §1)'


def test_the_page_says_it_ignores_the_sidebar_and_keeps_the_search_in_the_link():
    at = run(EVIDENCE, params={"extrahepatic": "no"})
    assert any("whatever the sidebar's filters say" in i.value for i in at.info)
    at.text_input(key="f_search").set_value("Xiang 2018").run()
    assert at.query_params["search"] == ["Xiang 2018"] or at.query_params["search"] == "Xiang 2018"
    assert set(at.dataframe[0].value["Study"]) <= {"Xiang 2018", "Xiang 2018 (G1)"}  # the search matches what is shown
