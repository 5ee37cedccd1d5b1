"""Cached entry points for pages: the evidence (loaded once per process) and the view
models (recomputed only when the filters change). Caching lives here, in the UI layer;
the pure packages stay cache-free."""

from __future__ import annotations

import functools
import os
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

import evidence
from components.figures.board import board_survival_figure
from components.figures.evidence_map import evidence_map_figure
from components.figures.forest import forest_figure
from components.figures.palette import study_colours
from components.figures.style import style_for
from components.figures.survival import survival_figure
from components.widgets.footer import footer_html
from views.board import board_view
from views.certainty import board_findings, overview_findings, with_changes
from views.filters import DEFAULT, Filters, allowed_values
from views.forest import factor_options, forest_view
from views.forest import factor_summary as summary_of_factors
from views.labels import Labels
from views.risk_of_bias import judgements
from views.survival import survival_view

EVIDENCE_DIR_VARIABLE = (
    "NELM_EVIDENCE_DIR"  # another evidence directory (a unit's curated copy, a test's); default: the shipped one
)


def load_checked() -> evidence.Evidence:
    """The evidence NELM_EVIDENCE_DIR names (default: the shipped one), loaded and checked once per process: the
    server's start (shell.server) and the pages share the one load. Raises EvidenceError."""
    return _load(os.environ.get(EVIDENCE_DIR_VARIABLE) or None)


@functools.lru_cache(maxsize=4)
def _load(data_dir: str | None) -> evidence.Evidence:
    return evidence.load(data_dir)


@st.cache_resource(show_spinner=False)
def get_evidence() -> evidence.Evidence:
    return load_checked()


@st.cache_resource(show_spinner=False)
def get_labels() -> Labels:
    return Labels.from_evidence(get_evidence())


@st.cache_resource(show_spinner=False)
def footer() -> str:
    return footer_html(get_evidence(), get_labels())


@st.cache_resource(show_spinner=False)
def get_allowed() -> dict[str, tuple[str, ...]]:
    """Each filter's allowed values; a link's factor must be one the evidence reports."""
    ev = get_evidence()
    return allowed_values(ev.vocabulary, ev.effects["comparison_key"])


# Each view is cached on what it reads (views.filters: a filter's scope), so that a change elsewhere (the Forest page's
# τ² estimator, presenter view) neither recomputes it nor changes it.


def survival(filters: Filters):
    """The Survival page's view; `filters.secondary` says whether secondary-only studies are pooled."""
    return _survival(filters.only("survival"))


@st.cache_data(show_spinner=False, max_entries=256)
def _survival(filters: Filters):
    return survival_view(
        get_evidence(), filters, get_labels(), include_secondary=filters.secondary, method=SURVIVAL_POOLING
    )


SURVIVAL_POOLING = "REML"  # the survival pools' τ² estimator: a visible choice of this page, not the Forest page's


def forest(filters: Filters):
    """The Forest page's view of `filters.factor`."""
    return _forest(filters.only("forest"))


@st.cache_data(show_spinner=False, max_entries=256)
def _forest(filters: Filters):
    return forest_view(get_evidence(), filters, get_labels(), filters.factor)


@st.cache_data(show_spinner=False)
def factors(endpoint: str):
    return factor_options(get_evidence(), endpoint)


@st.cache_data(show_spinner=False, max_entries=64)
def factor_summary(endpoint: str, exclude: tuple[str, ...]):
    return summary_of_factors(get_evidence(), endpoint, get_labels(), exclude)


def board(filters: Filters):
    return _board(filters.only("board"))


@st.cache_data(show_spinner=False, max_entries=256)
def _board(filters: Filters):
    return board_view(get_evidence(), filters, get_labels())


def findings(filters: Filters):
    """Overview's summary of findings for the sidebar's filters, each certainty compared with no filters."""
    return _findings(replace(filters.only("survival", "forest"), factor=""))


@st.cache_data(show_spinner=False, max_entries=256)
def _findings(filters: Filters):
    ev, labels = get_evidence(), get_labels()
    return with_changes(overview_findings(ev, filters, labels), _baseline_findings())


@st.cache_resource(show_spinner=False)  # the same for every session: computed once per process
def _baseline_findings():
    return overview_findings(get_evidence(), DEFAULT, get_labels())


def board_findings_for(filters: Filters):
    """The board's summary of findings: the closest cohorts to the profile and its features' factors."""
    return _board_findings(replace(filters.only("board", "forest"), factor=""))


@st.cache_data(show_spinner=False, max_entries=256)
def _board_findings(filters: Filters):
    ev, labels = get_evidence(), get_labels()
    found = board_findings(ev, filters, labels, board(filters))
    return with_changes(found, _baseline_findings())


def forest_by_subgroup(filters: Filters, subgroup_by: str):
    """The Forest page's view of `filters.factor` split by `subgroup_by` (the page passes the split it
    has checked against the estimates, which may differ from the one a link asked for)."""
    return _forest_by_subgroup(filters.only("forest"), subgroup_by)


@st.cache_data(show_spinner=False, max_entries=256)
def _forest_by_subgroup(filters: Filters, subgroup_by: str):
    return forest_view(get_evidence(), filters, get_labels(), filters.factor, subgroup_by=subgroup_by)


# Figures as resources (unpickling re-validates every trace), a bounded number of them (each is live objects that
# every sweep walks): docs/decisions/0008-figure-cache-size.md. Shared between sessions, so pages never mutate one.
FIGURES_KEPT = 64


@st.cache_resource(show_spinner=False)
def colours() -> dict[str, str]:
    return study_colours(get_evidence().studies["id"])


@st.cache_resource(show_spinner=False)
def risk_of_bias() -> dict:
    """study -> its QUIPS judgements, for the traffic lights beside forest rows and curves."""
    return judgements(get_evidence())


def survival_chart(filters: Filters) -> go.Figure:
    return _survival_chart(filters.only("survival", "display"))


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _survival_chart(filters: Filters) -> go.Figure:
    return survival_figure(survival(filters), colours(), presenter=filters.presenter, risk=risk_of_bias())


def forest_chart(filters: Filters) -> go.Figure:
    return _forest_chart(filters.only("forest", "display"))


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _forest_chart(filters: Filters) -> go.Figure:
    return forest_figure(forest(filters), colours(), presenter=filters.presenter, risk=risk_of_bias())


def board_chart(filters: Filters) -> go.Figure:
    return _board_chart(filters.only("board", "display"))


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _board_chart(filters: Filters) -> go.Figure:
    height = style_for(filters.presenter).figure_height
    return board_survival_figure(
        board(filters).survival, colours(), filters.presenter, height=height, risk=risk_of_bias()
    )


@st.cache_resource(show_spinner=False)
def evidence_map_chart() -> go.Figure:
    return evidence_map_figure(get_evidence(), get_labels())


@st.cache_resource(show_spinner=False)
def evidence_files() -> dict[str, bytes]:
    """The whole evidence as an Excel workbook and a zip of CSVs, built once per process (0.2 s)."""
    from export.workbook import evidence_workbook, evidence_zip

    ev = get_evidence()
    return {"xlsx": evidence_workbook(ev), "zip": evidence_zip(ev)}
