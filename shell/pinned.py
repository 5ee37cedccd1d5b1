"""A link made on an older release of the evidence opens on today's evidence with a banner saying what changed on the
view since (evidence.releases): old → new with the release's reason, or that nothing on it changed."""

from __future__ import annotations

import streamlit as st

from evidence.releases import changes_since
from views.text import inert

from . import cached, url_state

LISTED = 12  # changed rows named in the banner; the rest counted


@st.cache_data(show_spinner=False, max_entries=64)
def _changes(pinned: str, version: str, row_ids: tuple[str, ...] | None):
    return changes_since(pinned, cached.get_evidence(), row_ids)


def banner(row_ids=None) -> None:
    """On a view opened from a link with an evidence version: what of `row_ids` (the view's rows; None: the whole
    evidence) changed since that version. Nothing when the link's version is today's."""
    pinned = url_state.pinned_version()
    ev = cached.get_evidence()
    if not pinned or pinned == ev.version:
        return
    found = _changes(pinned, ev.version, None if row_ids is None else tuple(sorted({str(i) for i in row_ids})))
    today = f"today's evidence (version {ev.version})"
    if found is None:
        st.warning(
            inert(
                f"This link was made on evidence version {pinned}, which this server has no record of: what changed "
                f"since cannot be said. The numbers below are {today}."
            )
        )
        return
    release, changes = found
    made = f"This link was made on evidence version {release.version} ({release.date})"
    scope = "on this view" if row_ids is not None else "in the evidence"
    if not changes:
        st.info(inert(f"{made}. Nothing {scope} has changed since: the numbers below are {today} and the same."))
        return
    lines = [f"- {inert(c.text())}" for c in changes[:LISTED]]
    if len(changes) > LISTED:
        lines.append(f"- … and {len(changes) - LISTED} more rows (the What changed page lists the releases)")
    st.warning(
        inert(f"{made}; the numbers below are {today}. Since then these rows {scope} changed (old → new):")
        + "\n\n"
        + "\n".join(lines)
    )
