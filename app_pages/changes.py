"""What changed: the releases of the evidence, each with its date, the curator's reason and what it changed."""

import pandas as pd
import streamlit as st

from components.widgets.static_table import show_table
from evidence.releases import load_manifest, manifest, releases
from shell import cached
from views.text import inert

ev = cached.get_evidence()
st.title("What changed in the evidence")
history = releases()
released = any(r.version == ev.version for r in history)
st.markdown(
    inert(
        f"Today's evidence is version {ev.version}, curated {ev.curated_on}"
        + (" (a recorded release)." if released else ": not yet recorded as a release.")
    )
    + " A link or PDF carries the version it was made on; opened later, it says which of its numbers changed since."
)


def _counts(before: dict | None, after: dict) -> str:
    if before is None:
        return "first recorded release"
    parts = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        added = len(set(new) - set(old))
        removed = len(set(old) - set(new))
        changed = sum(1 for i in set(old) & set(new) if old[i] != new[i])
        if added or removed or changed:
            parts.append(f"{table}: {added} added, {changed} changed, {removed} removed")
    return "; ".join(parts) or "no row changed"


rows = []
previous = None
for release in history:
    rows_now = load_manifest(release.version) or {}
    rows.append(
        {
            "Version": release.version,
            "Date": release.date,
            "Reason": release.reason,
            "Rows": _counts(previous, rows_now),
        }
    )
    previous = rows_now
if not released:
    rows.append(
        {
            "Version": ev.version,
            "Date": "not released",
            "Reason": "today's evidence, not yet recorded (python -m evidence release --reason …)",
            "Rows": _counts(previous, manifest(ev)),
        }
    )
if rows:
    show_table(pd.DataFrame(rows[::-1]), label="Releases of the evidence, newest first")
else:
    st.info("No release of the evidence has been recorded yet.")
