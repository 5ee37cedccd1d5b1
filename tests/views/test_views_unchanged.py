"""Views made faster stay the same views (issue 22): 200 seeded random filter combinations per page give the same
fingerprint (every number, word and flag) as the views recorded before the optimisation in
tests/views/data/view_digests.json (tests.support.view_digest). A deliberate change to what a view holds records
new fingerprints with `python -m tests.support.view_digest --write`, in the same commit, saying why."""

from __future__ import annotations

import json

from tests.support.view_digest import RECORD, current_digests


def test_survival_and_board_views_are_identical_to_the_recorded_ones():
    recorded = json.loads(RECORD.read_text())
    now = current_digests()
    for page in ("survival", "board"):
        changed = [i for i, (a, b) in enumerate(zip(recorded[page], now[page], strict=True)) if a != b]
        assert changed == [], f"{page}: combinations {changed[:10]} differ from the recorded views"


def test_the_catalog_and_curves_are_built_once_per_evidence():
    import evidence
    from views.catalog import catalog
    from views.labels import Labels
    from views.survival import curve_maker

    ev = evidence.load()
    assert catalog(ev) is catalog(ev)
    labels = Labels.from_evidence(ev)
    row = dict(catalog(ev).cohorts.loc["xiang2018-all"])
    assert curve_maker(ev, "OS", labels)(row) is curve_maker(ev, "OS", labels)(row)
    assert catalog(evidence.load()) is not catalog(ev)  # another load, another catalog
