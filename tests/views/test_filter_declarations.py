"""Each filter is declared once (views.filters.FILTERS): the view, the URL, the sidebar, the board form and the README
derive from it, and each view reads only the filters in its scope."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import evidence
from views.filters import DEFAULT, FILTERS, Filters, allowed_values, from_params, to_params, url_table
from views.labels import Labels
from views.survival import survival_view

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_view_has_exactly_the_declared_filters_with_their_defaults():
    assert [(f.name, f.default) for f in fields(Filters)] == [(s.name, s.default) for s in FILTERS]


def test_every_declared_value_round_trips_through_the_url():
    allowed = allowed_values(EV.vocabulary)
    for spec in FILTERS:
        for value in allowed.get(spec.name, ()):
            view = replace(DEFAULT, **{spec.name: value})
            parsed, notices = from_params(to_params(view), allowed, set(EV.studies["id"]))
            assert parsed == view and notices == [], (spec.name, value)


def test_the_readme_url_table_is_the_declared_one():
    assert url_table() in README.read_text(encoding="utf-8"), (
        "README's URL table is out of step with views.filters.FILTERS"
    )


def test_the_forest_pages_estimator_does_not_change_survival_pools():
    # it used to: one Filters held the τ² method, so choosing fixed effect on Forest changed Survival's pooled values
    reml = survival_view(EV, DEFAULT, LABELS)
    forest_fixed = survival_view(EV, replace(DEFAULT, method="FE", hksj=True), LABELS)
    assert [(p.estimate, p.ci_lower) for p in reml.pooled] == [(p.estimate, p.ci_lower) for p in forest_fixed.pooled]
    assert replace(DEFAULT, method="FE").only("survival") == DEFAULT.only("survival")
    # the Forest view reads no cohort filter
    assert replace(DEFAULT, extrahepatic="no").only("forest") == DEFAULT.only("forest")
