"""Cached entry points for pages: the evidence (loaded once per process) and the view
models (recomputed only when the filters change). Caching lives here, in the UI layer;
the pure packages stay cache-free."""

from __future__ import annotations

import streamlit as st

import evidence
from views.board import board_view
from views.filters import Filters, allowed_values
from views.forest import factor_options, forest_view
from views.labels import Labels
from views.survival import survival_view


@st.cache_resource(show_spinner=False)
def get_evidence() -> evidence.Evidence:
    return evidence.load()


@st.cache_resource(show_spinner=False)
def get_labels() -> Labels:
    return Labels.from_evidence(get_evidence())


@st.cache_resource(show_spinner=False)
def get_allowed() -> dict[str, tuple[str, ...]]:
    return allowed_values(get_evidence().vocabulary)


@st.cache_data(show_spinner=False, max_entries=256)
def survival(filters: Filters):
    return survival_view(get_evidence(), filters, get_labels())


@st.cache_data(show_spinner=False, max_entries=256)
def forest(filters: Filters, factor: str):
    return forest_view(get_evidence(), filters, get_labels(), factor)


@st.cache_data(show_spinner=False)
def factors(endpoint: str):
    return factor_options(get_evidence(), endpoint)


@st.cache_data(show_spinner=False, max_entries=256)
def board(filters: Filters):
    return board_view(get_evidence(), filters, get_labels())


@st.cache_data(show_spinner=False, max_entries=256)
def survival_with_secondary(filters: Filters, include_secondary: bool):
    """The Survival page's view with its page-local choice of pooling secondary-only studies."""
    return survival_view(get_evidence(), filters, get_labels(), include_secondary=include_secondary)


@st.cache_data(show_spinner=False, max_entries=256)
def forest_by_subgroup(filters: Filters, factor: str, subgroup_by: str):
    """The Forest page's view with the page-local subgroup split ('' for none)."""
    return forest_view(get_evidence(), filters, get_labels(), factor, subgroup_by=subgroup_by)
