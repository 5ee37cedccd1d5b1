"""Static tables drawn as one escaped HTML <table>: one element instead of a Markdown block per cell, every row and
column visible on a shared screen, real column headers for screen readers (docs/decisions/0004-static-html-tables.md)."""

from __future__ import annotations

import html
import math

import pandas as pd
import streamlit as st

from export.spreadsheet import csv_bytes

CSS_CLASS = "nelm-table"
# Type in rem so the presenter view's larger root font enlarges tables too.
STYLE = f"""
.{CSS_CLASS}-wrap {{ overflow-x: auto; margin-bottom: 1rem; }}
.{CSS_CLASS}-wrap:focus-visible {{ outline: 2px solid #0072B2; outline-offset: 2px; }}
.{CSS_CLASS}-tall {{ overflow-y: auto; border-bottom: 1px solid #c8c9cc; }}
.{CSS_CLASS}-tall thead th {{ position: sticky; top: 0; background: #ffffff; }}
table.{CSS_CLASS} {{ border-collapse: collapse; font-size: 0.875rem; width: 100%; color: #262730; }}
table.{CSS_CLASS} th {{ text-align: left; font-weight: 600; border-bottom: 2px solid #c8c9cc; padding: 0.3rem 0.6rem; vertical-align: bottom; }}
table.{CSS_CLASS} td {{ border-bottom: 1px solid #e6e6e9; padding: 0.3rem 0.6rem; vertical-align: top; }}
table.{CSS_CLASS} tbody tr:hover {{ background: #f5f6f8; }}
"""


def table_html(frame: pd.DataFrame, label: str = "") -> str:
    """The frame as an HTML table: every value escaped, missing values shown as an empty cell."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    name = html.escape(label or "table", quote=True)
    # a focusable region: a table wider than the screen scrolls sideways, and the keyboard must reach that scroll too
    wrap = f'<div class="{CSS_CLASS}-wrap" tabindex="0" role="region" aria-label="{name} (scrolls sideways)">'
    return f'{wrap}<table class="{CSS_CLASS}" aria-label="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


MAX_ROWS = 100  # rows drawn; the shipped evidence's longest table has 45, a 100x table thousands (megabytes of HTML)


def show_table(frame: pd.DataFrame, box=st, label: str = "", max_height_rem: float | None = None) -> None:
    """Draw the frame in `box` (the page, a column or an expander); a long one in a box of `max_height_rem` that
    scrolls (by keyboard too: the region is focusable), its header row kept in view. Beyond MAX_ROWS rows, the first
    ones are drawn and the whole table is offered as CSV, so a larger evidence table does not stall the page."""
    whole = frame
    if len(frame) > MAX_ROWS:
        frame = frame.head(MAX_ROWS)
    markup = table_html(frame, label)
    if max_height_rem is not None:
        markup = markup.replace(
            f'<div class="{CSS_CLASS}-wrap"',
            f'<div class="{CSS_CLASS}-wrap {CSS_CLASS}-tall" style="max-height:{max_height_rem}rem"',
            1,
        )
    box.html(markup)
    if len(whole) > MAX_ROWS:
        box.caption(f"The first {MAX_ROWS} of {len(whole)} rows are shown; the whole table is in the CSV.")
        box.download_button(
            f"Download all {len(whole)} rows (CSV)",
            csv_bytes(whole),
            file_name=f"nelm_{(label or 'table').lower().replace(' ', '_')[:40]}.csv",
            mime="text/csv",
            key=f"all_rows_{label}_{len(whole)}",
        )
