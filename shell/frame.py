"""What every page is drawn in: the sidebar, the layout, the URL's notices, an error boundary that tells the
surgeon in words and logs the failure with the view's address for whoever runs the server, and the footer."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlencode

import streamlit as st

from components.widgets.footer import render_footer
from components.widgets.presenter import apply_layout_style

from . import cached, local_data, logs, pinned, url_state
from .heap import freeze_startup_objects
from .pages import navigation
from .sidebar import render_filters

logs.configure()
LOG = logging.getLogger("nelm.pages")


def configure() -> None:
    """Before anything is drawn: the page setup reads presenter view (sidebar folded) from the session or the URL."""
    st.set_page_config(
        page_title="NELM resection evidence",
        page_icon="🩺",
        layout="wide",
        initial_sidebar_state="collapsed" if url_state.presenter_requested() else "auto",
    )


SYNTHETIC_WARNING = (
    "SYNTHETIC BENCHMARK DATA: this server runs on copies of the curated studies made by tools/synthetic_evidence.py "
    "to measure speed. These are not evidence; do not use them for a patient."
)


def run() -> None:
    """Route, frame and run one page; a failure outside the page (the frame, the sidebar) is caught the same way."""
    configure()
    try:
        _framed()
    except Exception:
        failed("frame", "This page could not be drawn")


def _framed() -> None:
    ev, labels = cached.get_evidence(), cached.get_labels()
    studies = {sid: labels.study(sid) for sid in ev.studies["id"]}
    allowed = cached.get_allowed()
    freeze_startup_objects()
    page, spec = navigation()
    with url_state.view_state(spec.url_path, allowed, set(studies)) as filters:
        render_filters(allowed, labels, studies, board=spec.draws_profile)
        apply_layout_style(presenter=filters.presenter)
        for notice in url_state.notices():
            st.warning(notice, icon=None)
        if ev.synthetic:
            st.error(SYNTHETIC_WARNING)
        if not spec.pins_rows:  # pages that know their rows say what changed on them; the others, in the evidence
            pinned.banner(None)
        error_boundary(page)
    render_footer(cached.footer())


def error_boundary(page) -> None:
    """A page must never show a traceback to a surgeon; the server's log gets it, with the view's address."""
    try:
        page.run()
    except Exception:
        failed(page.url_path or "overview", "This view could not be drawn")


def failed(name: str, what: str) -> None:
    """Log the exception being handled with an incident id, the page and the view's address (its query string
    included), or by type and place only while the session holds a unit's data; show the surgeon plain words and the
    id, never the exception's text. Called from an `except` block."""
    private = local_data.current() is not None  # the exception's message may quote the unit's data: type and place
    if private:
        incident = local_data.logged_without_data(name, sys.exc_info()[1])
    else:
        incident = logs.incident_id()
        query = urlencode(dict(st.query_params))
        view = f"{st.context.url}{'?' + query if query else ''}"
        LOG.exception(
            "page %s failed for view %s incident=%s",
            name,
            view,
            incident,
            extra={"incident": incident, "page": name, "view": view},
        )
    st.error(
        f"{what} (incident {incident}). Change a filter or reload; the evidence itself is unaffected. Whoever runs "
        "this server can find the incident in its log" + (", which holds none of your data." if private else ".")
    )
