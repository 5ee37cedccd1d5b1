"""The footer names every source and the evidence version on every page, as text (not markup)."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import evidence
from components.widgets.footer import LIMITS, footer_html
from views.labels import Labels


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def shown_text(markup: str) -> str:
    reader = _Text()
    reader.feed(markup)
    return "".join(reader.parts)


def test_footer_names_version_date_limits_and_every_source_with_its_citation():
    ev = evidence.load()
    labels = Labels.from_evidence(ev)
    text = shown_text(footer_html(ev, labels))
    assert f"Evidence table version {ev.version}, curated {ev.curated_on}." in text
    assert LIMITS in text
    assert f"Sources ({len(ev.studies)}):" in text
    for study in ev.studies.to_dict("records"):
        assert f"{labels.study(study['id'])}: {study['citation']}" in text


def test_a_citation_with_markup_characters_is_shown_literally():
    ev = evidence.load()
    labels = Labels.from_evidence(ev)
    studies = ev.studies.copy()
    studies.loc[studies.index[0], "citation"] = "Surgery <2010> & liver"
    markup = footer_html(
        type("Ev", (), {"studies": studies, "version": ev.version, "curated_on": ev.curated_on})(), labels
    )
    assert html.escape("Surgery <2010> & liver") in markup
    assert "Surgery <2010> & liver" in shown_text(markup)
