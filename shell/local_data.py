"""A unit's own data, held in this browser session only: never in a cache shared between sessions, a link, a file or a
log. Gone when the session ends or on 'Clear my data'."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from local_series.parse import LocalSeries, UploadRefused, parse_series, patient_vocabulary
from local_series.privacy import where_it_failed
from local_series.summary import LocalSummary
from local_series.template import EXAMPLE_NAME
from views.filters import Filters
from views.local_series import UnitView, unit_view
from views.select import broader_map

from . import cached, logs

LOG = logging.getLogger("nelm.local_data")

DATA = "local_data"  # LocalSeries | LocalSummary
SEEN = "local_upload_seen"  # (file id, problems or None): a file is read once, not on every rerun
NONCE = "local_upload_nonce"  # a new uploader after 'Clear my data' (the old one's file is released)
VIEWS = "local_views"  # this session's unit views by filters (a few; per session, never shared)
VIEWS_KEPT = 8
EXAMPLE = Path(__file__).resolve().parents[1] / "local_series" / EXAMPLE_NAME


def current() -> LocalSeries | LocalSummary | None:
    return st.session_state.get(DATA)


def token() -> int | None:
    """Which data this session holds (for keys of prepared files: new data, new files); None without data."""
    data = current()
    return None if data is None else id(data)


def uploader_key() -> str:
    return f"local_upload_{st.session_state.get(NONCE, 0)}"


def read_upload(upload) -> UploadRefused | None:
    """Read a newly chosen file once: kept whole when accepted (None); its refusal otherwise, on every rerun."""
    seen = st.session_state.get(SEEN)
    if seen is not None and seen[0] == upload.file_id:
        return seen[1]
    try:
        series = parse_series(upload.getvalue(), upload.name, vocabulary())
    except UploadRefused as refused:
        st.session_state[SEEN] = (upload.file_id, refused)
        return refused
    st.session_state[SEEN] = (upload.file_id, None)
    keep(series)
    return None


def load_example() -> None:
    keep(parse_series(EXAMPLE.read_bytes(), f"{EXAMPLE_NAME} (made-up patients, not a unit's series)", vocabulary()))


def keep(data: LocalSeries | LocalSummary) -> None:
    st.session_state[DATA] = data
    st.session_state[VIEWS] = {}


def clear() -> None:
    """Forget the data, the views made of them, the files prepared from them, the numbers typed into the form, and the
    uploaded file's bytes Streamlit holds for the session (a new uploader takes the old one's place)."""
    typed = (
        "unit_patients",
        "unit_deaths",
        "unit_median",
        "unit_follow_up",
        "unit_not_reached",
        "unit_s",
        "unit_profile_",
    )
    for key in [
        DATA,
        SEEN,
        VIEWS,
        *(k for k in st.session_state if str(k).startswith(("prepared_unit", "prepared_board", *typed))),
    ]:
        st.session_state.pop(key, None)
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    _drop_uploaded_bytes()


def _drop_uploaded_bytes() -> None:
    """Streamlit keeps uploaded files in memory until the session ends; this session's go now (the unit's file is the
    only upload the app takes). Streamlit's internals: an upgrade that moves them leaves the bytes to the session's end."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    try:
        ctx.uploaded_file_mgr.remove_session_files(ctx.session_id)
    except AttributeError:
        LOG.warning("could not release this session's uploaded file: Streamlit's uploaded-file manager has moved")


def view(filters: Filters, survival, page: str, never_pooled: str = "") -> UnitView | None:
    """The unit's view under `filters` beside `survival` (`page`'s published view of the same filters); None without
    data."""
    data = current()
    if data is None:
        return None
    kept = st.session_state.setdefault(VIEWS, {})
    key = (page, filters)
    if key not in kept:
        if len(kept) >= VIEWS_KEPT:
            kept.pop(next(iter(kept)))
        try:
            kept[key] = unit_view(data, filters, survival, cached.get_labels(), broader(), never_pooled)
        except Exception as error:
            raise LocalDataFailed(logged_without_data(page, error)) from None
    return kept[key]


class LocalDataFailed(RuntimeError):
    """A unit's view failed; its message is the incident id only (the original's may quote the unit's data)."""


def logged_without_data(page: str, error: BaseException) -> str:
    """Log a failure while a page holds a unit's data by its type and place, never its message (local_series.privacy).
    Returns the incident id."""
    incident = logs.incident_id()
    LOG.error(
        "page %s failed while holding local data: %s incident=%s",
        page,
        where_it_failed(error),
        incident,
        extra={"incident": incident, "page": page},
    )
    return incident


@st.cache_resource(show_spinner=False)
def vocabulary() -> dict[str, dict[str, str]]:
    return patient_vocabulary(cached.get_evidence().vocabulary)


@st.cache_resource(show_spinner=False)
def broader() -> dict:
    return broader_map(cached.get_evidence().vocabulary)
