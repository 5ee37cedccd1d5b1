"""Reference lists of the studies on screen (issue 20): RIS (rispy), BibTeX (bibtexparser) and CSL-JSON, built only
from what the studies table states. Authors are given as printed, one literal name list (splitting "Jun-Xi Xiang MD,
Xu-Feng Zhang MD, PhD, …" into people would be a guess); a missing title, journal or year is left out, never filled in;
an unconfirmed attribution says so in the note field every reference manager keeps."""

from __future__ import annotations

import json

import bibtexparser
import pandas as pd
import rispy
from bibtexparser.model import Entry, Field

from views.text import is_missing

STATUS_NOTES = {
    "stated": "",
    "partly_unconfirmed": "Citation partly unconfirmed: some of these details were identified by matching, not read in "
    "the stored source.",
}


def _value(row: dict, name: str) -> str:
    value = row.get(name)
    if is_missing(value):
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


def _note(row: dict) -> str:
    """What the app knows about the reference itself: its status, the authors' status, the app's citation text."""
    parts = [STATUS_NOTES.get(_value(row, "citation_status"), _value(row, "citation_status"))]
    if _value(row, "authors_status") not in ("", "stated"):
        parts.append(f"Authors: {_value(row, 'authors_status').replace('_', ' ')}.")
    parts.append(f"As cited in the NELM evidence dashboard: {_value(row, 'citation')}")
    if _value(row, "evidence_level") == "secondary_only":
        parts.append("Known only from another paper's table (secondary source).")
    return " ".join(p for p in parts if p)


class _NoNumbering(rispy.RisWriter):
    def set_header(self, count: int) -> str:  # rispy numbers records ("1."); reference managers expect TY first
        return ""


def ris(studies: pd.DataFrame) -> str:
    records = []
    for row in studies.to_dict("records"):
        record = {"type_of_reference": "JOUR", "id": _value(row, "id")}
        for tag, name in (
            ("title", "title"),
            ("journal_name", "journal"),
            ("year", "year"),
            ("volume", "volume"),
            ("number", "issue"),
            ("start_page", "pages"),  # the pages as printed ("427-33"): no end page is derived
            ("doi", "doi"),
            ("accession_number", "pmid"),
        ):
            if _value(row, name):
                record[tag] = _value(row, name)
        if _value(row, "authors"):
            record["authors"] = [_value(row, "authors")]
        if _value(row, "source_url"):
            record["urls"] = [_value(row, "source_url")]
        record["notes"] = [_note(row)]
        records.append(record)
    return rispy.dumps(records, implementation=_NoNumbering)


def bibtex(studies: pd.DataFrame) -> str:
    library = bibtexparser.Library()
    for row in studies.to_dict("records"):
        fields = []
        for field, name in (
            ("title", "title"),
            ("journal", "journal"),
            ("year", "year"),
            ("volume", "volume"),
            ("number", "issue"),
            ("pages", "pages"),
            ("doi", "doi"),
            ("pmid", "pmid"),
            ("url", "source_url"),
        ):
            if _value(row, name):
                fields.append(Field(field, _braced(_value(row, name))))  # the writer adds the outer braces
        if _value(row, "authors"):
            fields.append(Field("author", "{" + _braced(_value(row, "authors")) + "}"))  # one literal name list
        fields.append(Field("note", _braced(_note(row))))
        library.add(Entry("article", _value(row, "id"), fields))
    return bibtexparser.write_string(library)


def _braced(text: str) -> str:
    """Braces that would unbalance a BibTeX value are dropped; every other character is kept as printed."""
    depth, out = 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + "}" * depth


def csl_json(studies: pd.DataFrame) -> str:
    items = []
    for row in studies.to_dict("records"):
        item = {"id": _value(row, "id"), "type": "article-journal"}
        for key, name in (
            ("title", "title"),
            ("container-title", "journal"),
            ("volume", "volume"),
            ("issue", "issue"),
            ("page", "pages"),
            ("DOI", "doi"),
            ("PMID", "pmid"),
            ("URL", "source_url"),
        ):
            if _value(row, name):
                item[key] = _value(row, name)
        if _value(row, "year"):
            item["issued"] = {"date-parts": [[int(_value(row, "year"))]]}
        if _value(row, "authors"):
            item["author"] = [{"literal": _value(row, "authors")}]
        item["note"] = _note(row)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1)


FORMATS = {  # label, file extension, MIME type, builder
    "ris": ("RIS (EndNote, Zotero, Mendeley)", "ris", "application/x-research-info-systems", ris),
    "bib": ("BibTeX", "bib", "application/x-bibtex", bibtex),
    "json": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json", csl_json),
}
