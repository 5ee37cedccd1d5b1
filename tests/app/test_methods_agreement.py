"""The Methods page's risk-of-bias agreement figures are the reconciliation's, not typed from memory."""

from __future__ import annotations

import csv

from tests.support.apptest import run, texts
from tests.support.files import DATA


def test_methods_states_the_agreement_the_reconciliation_records():
    with open(DATA.parent / "extraction" / "risk_of_bias" / "reconciliation.csv", encoding="utf-8") as fh:
        log = list(csv.DictReader(fh))
    agreed = sum(r["agreed"] == "yes" for r in log)
    page = texts(run("app_pages/methods.py"))
    assert f"they agreed on {agreed} of {len(log)} judgements" in " ".join(page.split())
    assert f"({100 * agreed / len(log):.1f}%, Cohen's κ 0.84)" in page
