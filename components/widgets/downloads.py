"""One widget for every export: a button that prepares the files for the view on screen (rendered on the server,
a second or two), then one download button per file. A fragment, so preparing reruns only these controls; the files
are kept in the session for the view they were made for and dropped when the view changes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import streamlit as st

from export import ExportUnavailable
from local_series.privacy import where_it_failed

LOG = logging.getLogger("nelm.exports")  # handled by the operators' log (shell.logs)


@dataclass(frozen=True)
class Download:
    """How one prepared file is offered: button label, file name, type, and whether it is the page's main download."""

    label: str
    primary: bool
    file_name: str
    mime: str


@st.fragment
def prepared_downloads(
    key: str,
    view_key: Hashable,
    prepare_label: str,
    make: Callable[[], dict[str, bytes]],
    offers: dict[str, Download],
    help_text: str = "Rendered on the server by Chromium; takes a second or two.",
    private: bool = False,
) -> None:
    """`make()` returns {name: bytes}; `offers` names which of them to offer, and how. `private`: the files draw a
    unit's own data, so a failure is logged by type and place, never by its message (local_series.privacy)."""
    store = f"prepared_{key}"
    if st.button(prepare_label, key=f"prepare_{key}", help=help_text):
        try:
            st.session_state[store] = (view_key, make())
        except ExportUnavailable:
            incident = uuid.uuid4().hex[:8]
            LOG.warning("export %s unavailable incident=%s", key, incident, exc_info=True, extra={"incident": incident})
            st.error(
                f"Export is not available on this server (incident {incident}): it needs Chromium, which whoever "
                "runs the server can install; the incident in its log says what is missing."
            )
        except Exception as error:
            incident = uuid.uuid4().hex[:8]
            if private:
                LOG.error("export %s failed: %s incident=%s", key, where_it_failed(error), incident)
            else:
                LOG.exception("export %s failed incident=%s", key, incident, extra={"incident": incident})
            st.error(
                f"The files could not be prepared (incident {incident}). The view on screen is unaffected; whoever "
                "runs this server can find the incident in its log."
            )
    prepared = st.session_state.get(store)
    if not prepared or prepared[0] != view_key:
        return
    files = {name: data for name, data in prepared[1].items() if name in offers}
    for column, (name, data) in zip(st.columns(len(files)), files.items(), strict=True):
        offer = offers[name]
        column.download_button(
            offer.label,
            data,
            offer.file_name,
            offer.mime,
            on_click="ignore",
            key=f"{key}_{name}",
            type="primary" if offer.primary else "secondary",
        )


FIGURE_SIZE = (1280, 720)  # the screen-share size the app is designed for


def figure_offers(stem: str) -> dict[str, Download]:
    return {
        "png": Download("Figure (PNG)", primary=False, file_name=f"nelm_{stem}.png", mime="image/png"),
        "svg": Download("Figure (SVG)", primary=False, file_name=f"nelm_{stem}.svg", mime="image/svg+xml"),
    }


def figure_downloads(fig, stem: str, view_key: Hashable, private: bool = False) -> None:
    """PNG and SVG of one figure, at the screen-share size."""
    from export import figure_png, figure_svg

    width, height = FIGURE_SIZE
    prepared_downloads(
        stem,
        view_key,
        f"Prepare PNG and SVG of this figure ({width}×{height})",
        lambda: {"png": figure_png(fig, width, height, scale=2), "svg": figure_svg(fig, width, height)},
        figure_offers(stem),
        private=private,
    )
