"""Tables downloaded as CSV, safe to open in a spreadsheet: a text cell that a spreadsheet would run as a formula
gets a leading apostrophe (OWASP, CSV injection); numbers, and text that reads as a number, are written as they are."""

from __future__ import annotations

import re

import pandas as pd

from evidence.markup import FORMULA_STARTS

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralised(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV (with a byte order mark) with every formula-like text cell and header neutralised."""
    safe = frame.rename(columns=lambda c: neutralised(str(c)))
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].astype(object).map(neutralised)
    # RFC 4180 line ends (a lone CR in a cell is quoted); a byte order mark, or Excel reads UTF-8 as its code page
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
