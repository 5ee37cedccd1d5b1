"""The shared sidebar: subgroup filters every page reads. Widgets are keyed so the URL state
(shell.url_state) and the widgets stay one and the same."""

from __future__ import annotations

import streamlit as st

from components.widgets.folded import folded
from views.filters import FILTER_LABELS
from views.text import inert

from .url_state import bind, current

SIDEBAR_FILTERS = tuple(FILTER_LABELS.items())
ALWAYS_OPEN = {"endpoint", "primary_site", "extrahepatic", "margin"}
MORE_FILTERS_KEY = "more_filters_open"
LEAVE_OUT_KEY = "leave_out_open"


def render_filters(allowed: dict[str, tuple[str, ...]], labels, studies: dict[str, str], board: bool = False) -> None:
    """Every filter in the sidebar; on the tumour-board page the profile is entered in the page itself,
    so the sidebar keeps only what the profile does not hold (a widget key can be drawn once per run)."""
    if not board:
        st.sidebar.markdown("**Patients like this**")
        for name, title in SIDEBAR_FILTERS:
            if name in ALWAYS_OPEN:
                _select(st.sidebar, name, title, allowed, labels)
        _more_filters(allowed, labels)
        st.sidebar.toggle(
            "Presenter view", **bind("presenter"), help="Larger type and markers for screen sharing; also in the link."
        )
    _leave_out(studies)


def _more_filters(allowed, labels) -> None:
    """The ten less-used filters, drawn only while their expander is open (docs/decisions/0007-drawn-only-when-open.md).
    Their values live on (url_state.keep_undrawn); the ones in force are named under the expander."""
    hidden = [(name, title) for name, title in SIDEBAR_FILTERS if name not in ALWAYS_OPEN]
    if more := folded("More filters", MORE_FILTERS_KEY, st.sidebar):
        for name, title in hidden:
            _select(more, name, title, allowed, labels)
        return
    filters = current()
    active = [
        f"{title}: {labels.value(name, getattr(filters, name))}"
        for name, title in hidden
        if not filters.is_default(name)
    ]
    if active:
        st.sidebar.caption(inert("Also filtering: " + "; ".join(active) + "."))


def _leave_out(studies: dict[str, str]) -> None:
    """Study exclusion, drawn only while its expander is open (like 'More filters'); the studies
    left out are named under it."""
    if box := folded("Leave out studies", LEAVE_OUT_KEY, st.sidebar):
        box.multiselect(
            "Studies to leave out",
            sorted(studies),
            **bind("exclude"),
            format_func=lambda s: studies[s],
            help="Excluded studies disappear from every curve, forest plot and pooled estimate.",
        )
    elif left_out := current().exclude:
        st.sidebar.caption(inert("Left out: " + "; ".join(studies.get(s, s) for s in left_out) + "."))


def _select(box, name: str, title: str, allowed, labels) -> None:
    box.selectbox(title, allowed[name], **bind(name), format_func=lambda v: labels.value(name, v))
