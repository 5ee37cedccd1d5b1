"""The Overview's headline figures in plain words, as the sources give them."""

from __future__ import annotations

import re

import evidence
from views.labels import Labels
from views.overview import headline_rows

EV = evidence.load()


def test_one_year_is_singular_and_no_value_reads_nan():
    reported = [r["Reported"] for r in headline_rows(EV, Labels.from_evidence(EV))]
    # survival.csv cheung2014 DFS at 1 year: 0.333
    assert "33.3% at 1 year" in reported
    assert not [r for r in reported if re.search(r"(?<![\d.])1 years", r) or "nan" in r]
