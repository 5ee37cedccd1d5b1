"""The shared sidebar: subgroup filters every page reads. Widgets are keyed so the URL state
(state.py) and the widgets stay one and the same."""

from __future__ import annotations

import streamlit as st

from state import bind

SIDEBAR_FILTERS = (
    ("endpoint", "Endpoint"),
    ("primary_site", "Primary tumour site"),
    ("extrahepatic", "Extrahepatic disease"),
    ("margin", "Resection margin"),
    ("primary_resected", "Primary tumour resected"),
    ("ki67", "Ki-67 index"),
    ("cytoreduction", "Extent of cytoreduction"),
    ("functional", "Hormonal function"),
    ("recurrence_site", "Recurrence site"),
    ("recurrence_treatment", "Treatment of recurrence"),
    ("recurrence_timing", "Timing of recurrence"),
    ("treatment", "Treatment received"),
    ("matched", "Propensity-matched samples"),
)
ALWAYS_OPEN = {"endpoint", "primary_site", "extrahepatic", "margin"}


def render_filters(allowed: dict[str, tuple[str, ...]], labels, studies: dict[str, str], board: bool = False) -> None:
    """Every filter in the sidebar; on the tumour-board page the profile is entered in the page itself,
    so the sidebar keeps only what the profile does not hold (a widget key can be drawn once per run)."""
    if not board:
        st.sidebar.markdown("### Patients like this")
        for name, title in SIDEBAR_FILTERS:
            if name in ALWAYS_OPEN:
                _select(st.sidebar, name, title, allowed, labels)
        more = st.sidebar.expander("More filters", expanded=False)
        for name, title in SIDEBAR_FILTERS:
            if name not in ALWAYS_OPEN:
                _select(more, name, title, allowed, labels)
        st.sidebar.toggle("Presenter view", **bind("presenter"), help="Larger type and markers for screen sharing; also in the link.")
    st.sidebar.multiselect(
        "Leave out studies", sorted(studies), **bind("exclude"), format_func=lambda s: studies[s],
        help="Excluded studies disappear from every curve, forest plot and pooled estimate.",
    )


def _select(box, name: str, title: str, allowed, labels) -> None:
    box.selectbox(title, allowed[name], **bind(name), format_func=lambda v: labels.value(name, v))
