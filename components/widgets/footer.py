"""Footer on every page: the sources and the evidence table's version and date.

Drawn as one escaped HTML block with a native <details> for the full citations, not through the Markdown renderer
(docs/decisions/0004-static-html-tables.md)."""

from __future__ import annotations

import html

import streamlit as st

from views.limits import LIMITS

CSS_CLASS = "nelm-footer"
STYLE = f"""
.{CSS_CLASS} {{ border-top: 1px solid #d5d6d9; margin-top: 1.5rem; padding-top: 0.8rem; font-size: 0.875rem; color: #4a4c55; }}
.{CSS_CLASS} p {{ margin: 0 0 0.5rem 0; }}
.{CSS_CLASS} summary {{ cursor: pointer; font-weight: 600; margin: 0.3rem 0; }}
.{CSS_CLASS} li {{ margin-bottom: 0.2rem; }}
"""


def footer_html(ev, labels) -> str:
    studies = ev.studies
    names = [labels.study(sid) for sid in studies["id"]]
    cites = "".join(
        f"<li>{html.escape(labels.study(s['id']))}: {html.escape(str(s['citation']))}</li>"
        for s in studies.to_dict("records")
    )
    return (
        f'<footer class="{CSS_CLASS}">'
        f"<p>Evidence table version {html.escape(str(ev.version))}, curated {html.escape(str(ev.curated_on))}. {html.escape(LIMITS)}</p>"
        f"<p>Sources ({len(names)}): {html.escape('; '.join(names))}. † citation partly unconfirmed.</p>"
        f"<details><summary>Full citations of the sources</summary><ul>{cites}</ul></details>"
        "</footer>"
    )


def render_footer(markup: str) -> None:
    """`markup` from footer_html, built once per process (shell.cached.footer): the evidence does not change
    while the app runs, and rebuilding it from the studies table took a few ms of every rerun."""
    st.html(markup)
