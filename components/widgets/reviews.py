"""Streamlit helpers that show published reviews beside our own estimates: their results as
tables, and which of our studies each review could contain. Reviews are never re-pooled."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.widgets.folded import folded
from components.widgets.static_table import show_table
from views.reviews import overlap_matrix, overlap_notes, review_rows, survival_review_rows
from views.text import inert

OVERLAP_TITLE = "Which of our studies each review could contain"
OVERLAP_LEGEND = (
    "‘possible’: published by the review's search end, so it may be in the review (its list of studies is not in the stored text). "
    "‘✗ after search’: published after the search ended, so it cannot be. Years are publication years as stated; ‘†’ marks an unconfirmed attribution."
)
OVERLAP_OPEN, OTHER_REVIEWS_OPEN = "review_overlap_open", "other_reviews_open"  # keys of the folded sections
NOT_REPOOLED = (
    "A review's number summarises studies it chose, some of them ours: it is shown for comparison and never pooled with our studies. "
    "A median or range of study values is not a pooled estimate."
)


def survival_reviews(
    reviews, pooled, labels, endpoint_label: str, subgroup_filters: bool, comparing_groups: bool = False, not_pooled=()
) -> None:
    """Review survival summaries beside our pooled values. When the sidebar narrows the patients
    or the page compares groups, the reviews (which cover all their resected patients) are folded
    away, not set beside a subgroup."""
    if not reviews:
        return
    subgroup_filters = subgroup_filters or comparing_groups
    if subgroup_filters:
        box = st.expander(
            f"Published reviews for {inert(endpoint_label)} ({len(reviews)} results): all their resected patients, "
            "not this subgroup; not re-pooled"
        )
        box.caption("The subgroup filters and group comparison do not apply to these reviews. " + NOT_REPOOLED)
    else:
        box = st.container()
        box.header(
            "Published reviews beside our pooled values (not re-pooled)"
            if pooled
            else "Published reviews (not re-pooled)"
        )
        box.caption(NOT_REPOOLED)
    show_table(
        pd.DataFrame(survival_review_rows(reviews, pooled, labels, comparing_groups, not_pooled)),
        box,
        label="Published reviews",
    )
    if subgroup_filters:  # already inside an expander, which cannot hold another
        box.markdown(f"**{OVERLAP_TITLE}**")
        overlap_table(box, reviews, labels)
    elif overlap := folded(OVERLAP_TITLE, OVERLAP_OPEN, box):
        overlap_table(overlap, reviews, labels)


def overlap_table(box, reviews, labels) -> None:
    show_table(pd.DataFrame(overlap_matrix(reviews, labels)), box, label=OVERLAP_TITLE)
    box.caption(" · ".join([*(inert(n) for n in overlap_notes(reviews)), OVERLAP_LEGEND]))


def other_reviews(reviews, labels, title: str, caption: str = "") -> None:
    """Review results that are not survival at a time (ratios, counts), in a folded table."""
    if not reviews:
        return
    box = folded(title, OTHER_REVIEWS_OPEN)
    if box is None:
        return
    if caption:
        box.caption(caption)
    show_table(pd.DataFrame(review_rows(reviews, labels)), box, label="Other published review results")
    box.markdown(f"**{OVERLAP_TITLE}**")
    overlap_table(box, reviews, labels)
