"""Reference lists (issue 20, citations): every study, only what the table states, unconfirmed attributions said."""

from __future__ import annotations

import json

import bibtexparser
import rispy

import evidence
from export.citations import bibtex, csl_json, ris
from tests.support.apptest import run

STUDIES = evidence.load().studies


def test_ris_holds_every_study_and_reads_back():
    records = rispy.loads(ris(STUDIES))
    assert [r["id"] for r in records] == list(STUDIES["id"])
    assert all(r["type_of_reference"] == "JOUR" for r in records)
    mdacc = next(r for r in records if r["id"] == "mdacc2010")
    assert mdacc["start_page"] == "427-33"  # as printed: no end page derived
    assert "Citation partly unconfirmed" in mdacc["notes"][0]


def test_nothing_the_table_leaves_empty_is_filled_in():
    text = ris(STUDIES) + bibtex(STUDIES) + csl_json(STUDIES)
    assert "None" not in text and "nan" not in text.lower().replace("nanoparticle", "")
    untitled = STUDIES[STUDIES["title"].isna()]["id"].tolist()
    assert untitled, "the shipped table has studies whose title the source does not print"
    records = {r["id"]: r for r in rispy.loads(ris(STUDIES))}
    assert all("title" not in records[i] for i in untitled)


def test_bibtex_parses_with_unique_keys_and_literal_authors():
    library = bibtexparser.parse_string(bibtex(STUDIES))
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == sorted(STUDIES["id"])
    mayo = next(e for e in library.entries if e.key == "mayo2010")
    assert mayo.fields_dict["author"].value == "{Mayo SC et al. (identified by matching, unconfirmed)}"
    assert "Authors: unconfirmed." in mayo.fields_dict["note"].value


def test_csl_json_says_secondary_sources_and_years_as_stated():
    items = {i["id"]: i for i in json.loads(csl_json(STUDIES))}
    assert len(items) == len(STUDIES)
    assert items["xiang2018"]["issued"] == {"date-parts": [[2018]]}
    assert "secondary source" in items["maxwell2015"]["note"]


def test_overview_offers_the_reference_lists():
    labels = [b.proto.label for b in run("app_pages/overview.py").get("download_button")]
    assert labels.count("RIS (EndNote, Zotero, Mendeley)") == 2
    assert labels.count("BibTeX") == 2 and labels.count("CSL-JSON") == 2
