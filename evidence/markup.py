"""Free text that would not stay text: a Markdown link or image, an HTML tag, or a leading character that a
spreadsheet runs as a formula. Pages render evidence text as Markdown and downloads open in Excel, so the checker
refuses such cells unless the column is declared to allow them (schema.Column.allows_markup)."""

from __future__ import annotations

import re

import pandas as pd

from .problems import Problem
from .schema import STR, Table

MARKUP = (
    (re.compile(r"!\[[^\]]*\]\("), "contains a Markdown image"),
    (re.compile(r"\[[^\]]*\]\("), "contains a Markdown link"),
    (re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>"), "contains a Markdown autolink"),
    (
        re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<[A-Za-z][A-Za-z0-9-]*\s+[A-Za-z-]+\s*="),
        "contains an HTML tag",
    ),
    (re.compile(r":[a-z]+(-[a-z]+)?\[|:material/"), "contains a Streamlit colour or icon directive"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
HINT = "write it as plain words; the page and the downloads would not show it as text"


def markup_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for column in table.columns:
        if column.kind != STR or column.allows_markup or column.name not in frame:
            continue
        for line, row_id, value in zip(
            frame["_line"], frame.get("id", [None] * len(frame)), frame[column.name], strict=True
        ):
            if not isinstance(value, str) or not value:
                continue
            what = _markup(value)
            if what:
                problems.append(Problem(table.file_name, int(line), row_id, column.name, f"{what}: {HINT}"))
    return problems


def _markup(value: str) -> str:
    if value.startswith(FORMULA_STARTS):
        return f"starts with {value[0]!r} (a spreadsheet formula)"
    return next((what for pattern, what in MARKUP if pattern.search(value)), "")
