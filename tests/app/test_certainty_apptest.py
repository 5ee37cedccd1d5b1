"""The summary of findings on Overview and Board, through the pages (issue 17)."""

from __future__ import annotations

from tests.support.apptest import run, shown, texts
from tests.support.html_tables import page_tables


def findings_table(at):
    return next(t for t in page_tables(at) if "Certainty" in t.columns and "Why rated down" in t.columns)


def test_overview_shows_the_certainty_of_5_and_10_year_survival():
    table = findings_table(run("app_pages/overview.py")).set_index("Outcome")
    assert table.loc["Overall survival at 5 years", "Certainty"] == "⊕⊕⊕◯ moderate"
    assert table.loc["Overall survival at 10 years", "Certainty"] == "⊕⊕◯◯ low"
    assert "I² = 67%" in table.loc["Overall survival at 10 years", "Why rated down"]


def test_leaving_out_a_study_on_overview_changes_the_certainty_and_says_so():
    at = run("app_pages/overview.py", params={"exclude": "mdacc2010"})
    table = findings_table(at).set_index("Outcome")
    assert table.loc["Overall survival at 10 years", "Certainty"] == "⊕◯◯◯ very low"
    assert "The filters changed the certainty of: Overall survival at 10 years: low with no filters, very low here" in (
        shown(texts(at))
    )


def test_the_board_shows_the_summary_of_findings_and_the_bottom_line_certainty():
    at = run(
        "app_pages/board.py",
        params={"primary_site": "pancreas", "grade": "g2", "extrahepatic": "no", "primary_resected": "yes"},
    )
    table = findings_table(at).set_index("Outcome")
    assert table.loc["Overall survival at 10 years", "Certainty"] == "⊕◯◯◯ very low"
    assert "Indirectness: very serious" in table.loc["Overall survival at 10 years", "Why rated down"]
    assert "Extrahepatic metastasis (HR for overall survival)" in table.index
    assert "Certainty: 5 y not graded; 10 y 66.8% (Xiang 2018) ⊕◯◯◯ very low" in shown(texts(at))


def test_the_evidence_page_opens_the_risk_of_bias_table_with_the_sources_words():
    at = run("app_pages/evidence_table.py", params={"table": "risk_of_bias"})
    (frame,) = [d.value for d in at.dataframe]
    assert len(frame) == 156
    elias = frame[(frame["Study"] == "Elias 2003") & (frame["Domain"] == "study participation")].iloc[0]
    assert elias["Judgement"] == "low" and elias["Basis"] == "stated"
    assert elias["The source's own words"].startswith("a database regrouping all patients (n = 47)")
    assert "156 rows" in texts(at)


def test_the_evidence_page_opens_the_reviews_table():
    at = run("app_pages/evidence_table.py", params={"table": "reviews"})
    (frame,) = [d.value for d in at.dataframe]
    assert len(frame) == 27
    assert "27 rows" in texts(at)
