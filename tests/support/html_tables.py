"""Read the HTML tables a page drew (components.widgets.static_table) back into frames, as a reader sees
them: every cell is the text shown. The standard library's parser, so the tests need no lxml."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_tables(markup: str) -> list[pd.DataFrame]:
    reader = _TableReader()
    reader.feed(markup)
    return [pd.DataFrame(rows[1:], columns=rows[0]) for rows in reader.tables if rows]


def page_tables(at) -> list[pd.DataFrame]:
    """Every static table on an AppTest page, in page order."""
    return [table for element in at.html for table in read_tables(element.value)]
