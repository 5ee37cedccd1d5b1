"""The static HTML table: what a reader sees is exactly the frame, escaped, with real headers."""

from __future__ import annotations

import math

import pandas as pd

from components.widgets.static_table import table_html
from tests.support.html_tables import read_tables


def test_every_cell_reads_back_as_shown_in_order():
    frame = pd.DataFrame(
        {"Study": ["MD Anderson 2010 †", "Mayo 2010"], "n": [172, 170], "5 y": ["77.4% (reported)", "74% (reported)"]}
    )
    [back] = read_tables(table_html(frame))
    assert list(back.columns) == ["Study", "n", "5 y"]
    assert back.values.tolist() == [
        ["MD Anderson 2010 †", "172", "77.4% (reported)"],
        ["Mayo 2010", "170", "74% (reported)"],
    ]


def test_markup_in_a_value_is_shown_as_text_not_run():
    frame = pd.DataFrame({"Source": ["<script>alert(1)</script>", "HR < 1 & p > 0.05"]})
    markup = table_html(frame)
    assert "<script>" not in markup
    [back] = read_tables(markup)
    assert back["Source"].tolist() == ["<script>alert(1)</script>", "HR < 1 & p > 0.05"]


def test_a_missing_value_is_an_empty_cell_not_nan_or_none():
    frame = pd.DataFrame({"Events": [None, math.nan, 12]}, dtype=object)
    [back] = read_tables(table_html(frame))
    assert back["Events"].tolist() == ["", "", "12"]


def test_headers_are_column_headers_for_screen_readers_and_the_table_is_labelled():
    markup = table_html(pd.DataFrame({"Years": ["5"]}), label='Pooled "derived"')
    assert '<th scope="col">Years</th>' in markup
    assert 'aria-label="Pooled &quot;derived&quot;"' in markup
