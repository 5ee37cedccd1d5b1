"""The whole evidence as one Excel workbook and as a zip of CSVs: every table and row there, every column explained,
numbers kept as numbers, and formula-like text neutralised (OWASP) in both."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
from openpyxl import load_workbook

import evidence
from evidence.schema import TABLES
from export.workbook import evidence_workbook, evidence_zip

EV = evidence.load()
PAYLOADS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd"]


class _InjectedEvidence:
    """The shipped evidence with payloads put into one table, as a malicious edit of a test copy would."""

    version, curated_on = EV.version, EV.curated_on
    table_names = EV.table_names

    def table(self, name):
        frame = EV.table(name)
        if name == "studies":
            frame = frame.head(len(PAYLOADS)).copy()
            frame["title"] = PAYLOADS
        return frame


def test_every_table_and_row_is_in_the_workbook_with_its_columns_explained():
    book = load_workbook(io.BytesIO(evidence_workbook(EV)))
    for name in EV.table_names:
        sheet = book[name[:31]]
        frame = EV.table(name)
        assert [c.value for c in sheet[1]] == list(frame.columns)
        assert sheet.max_row == len(frame) + 1
    guide = book["Columns"]
    described = {(r[0].value, r[1].value) for r in guide.iter_rows(min_row=2)}
    assert described == {(t, c.name) for t in EV.table_names if t in TABLES for c in TABLES[t].columns}


def test_numbers_stay_numbers_and_missing_stays_empty():
    book = load_workbook(io.BytesIO(evidence_workbook(EV)))
    sheet = book["survival"]
    header = [c.value for c in sheet[1]]
    survival = [r[header.index("survival")].value for r in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, int | float) for v in survival if v is not None)
    assert survival == [None if pd.isna(v) else v for v in EV.survival["survival"]]


def test_formula_like_text_is_neutralised_in_the_workbook_and_the_zip():
    book = load_workbook(io.BytesIO(evidence_workbook(_InjectedEvidence())))
    sheet = book["studies"]
    title = [c.value for c in sheet[1]].index("title")
    cells = [r[title] for r in sheet.iter_rows(min_row=2)]
    # XML turns a carriage return into a line feed; the leading apostrophe is what matters
    assert [c.value for c in cells] == ["'" + p.replace("\r", "\n") for p in PAYLOADS]
    assert all(c.data_type == "s" for c in cells)
    archive = zipfile.ZipFile(io.BytesIO(evidence_zip(_InjectedEvidence())))
    raw = archive.read("studies.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == ["'" + p for p in PAYLOADS]


def test_a_negative_number_stored_as_a_number_is_not_altered():
    class Negative(_InjectedEvidence):
        def table(self, name):
            frame = EV.table(name)
            return frame.assign(survival=-0.5).head(2) if name == "survival" else frame

    sheet = load_workbook(io.BytesIO(evidence_workbook(Negative())))["survival"]
    column = [c.value for c in sheet[1]].index("survival")
    assert [r[column].value for r in sheet.iter_rows(min_row=2)] == [-0.5, -0.5]
    rows = list(
        csv.DictReader(
            io.StringIO(zipfile.ZipFile(io.BytesIO(evidence_zip(Negative()))).read("survival.csv").decode("utf-8-sig"))
        )
    )
    assert [r["survival"] for r in rows] == ["-0.5", "-0.5"]


def test_the_zip_holds_every_table_the_column_guide_and_a_readme():
    archive = zipfile.ZipFile(io.BytesIO(evidence_zip(EV)))
    assert set(archive.namelist()) == {f"{n}.csv" for n in EV.table_names} | {"columns.csv", "README.txt"}
    effects = pd.read_csv(io.BytesIO(archive.read("effects.csv")), encoding="utf-8-sig")
    assert len(effects) == len(EV.effects)


def test_the_evidence_page_offers_the_workbook_and_the_zip():
    from tests.support.apptest import run

    labels = [b.label for b in run("app_pages/evidence_table.py").get("download_button")]
    assert "The whole evidence as one workbook (Excel)" in labels and "The whole evidence as CSV files (zip)" in labels
