"""The whole evidence in one file: an Excel workbook (openpyxl; a sheet per table and a 'Columns' sheet that explains
every column from the schema) or a zip of the tables as CSV (UTF-8 with a byte order mark). Text that a spreadsheet
would run as a formula is neutralised as in every CSV the app serves (export.spreadsheet); numbers stay numbers."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from evidence.schema import TABLES

from .spreadsheet import csv_bytes, neutralised

README = (
    "NELM resection evidence, version {version}, curated {curated}.\r\n"
    "One CSV per table (UTF-8 with a byte order mark); columns.csv explains every column.\r\n"
    "Every value carries its source, locator and the source's own words; empty means the source does not state it.\r\n"
)


def column_guide(table_names) -> pd.DataFrame:
    """Every column of every table: what it holds, its type and unit, as the schema declares them."""
    rows = []
    for name in table_names:
        table = TABLES.get(name)
        if table is None:
            continue
        for column in table.columns:
            rows.append(
                {
                    "table": name,
                    "column": column.name,
                    "type": column.kind,
                    "unit": column.unit,
                    "required": "yes" if column.required else "no",
                    "description": column.description,
                }
            )
    return pd.DataFrame(rows)


def evidence_workbook(ev) -> bytes:
    """One sheet per table (Excel's 31-character names), then 'Columns'; the first sheet says what the file is."""
    book = Workbook()
    about = book.active
    about.title = "About"
    about.append([f"NELM resection evidence, version {ev.version}, curated {ev.curated_on}"])
    about.append(["One sheet per table; the sheet 'Columns' explains every column. Empty = not stated by the source."])
    for name in ev.table_names:
        _sheet(book, name[:31], ev.table(name))
    _sheet(book, "Columns", column_guide(ev.table_names))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(title)
    sheet.append([neutralised(str(c)) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"


def _cell(value):
    if isinstance(value, str):
        return neutralised(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def evidence_zip(ev) -> bytes:
    """Every table as CSV, columns.csv and a README, in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(version=ev.version, curated=ev.curated_on))
        for name in ev.table_names:
            archive.writestr(f"{name}.csv", csv_bytes(ev.table(name)))
        archive.writestr("columns.csv", csv_bytes(column_guide(ev.table_names)))
    return out.getvalue()
