"""The only module that reads or writes st.query_params.

On a session's first run the URL is parsed into session state (bad values fall back with a
notice); from then on the widgets own the state and every run writes it back to the URL,
on every page, so a copied link reproduces the view and page switches keep the filters.
`view_state` wraps one run: everything before the page draws, and everything after.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.runtime.state.session_state_proxy import get_session_state

from views.filters import DEFAULT, Filters, from_params, to_params

from . import cached

KEY = "filters"
NOTICES = "url_notices"
PIN = "v"  # the link's evidence version: the view was made on that release
PINNED = "pinned_version"
VERSION_ID = re.compile(r"[0-9a-f]{6,64}")


@contextmanager
def view_state(page: str, allowed: dict[str, tuple[str, ...]], studies: set[str]) -> Iterator[Filters]:
    """One run of one page: the URL read once per session, the run begun (a page switch re-saves every key),
    the filters as the widgets hold them yielded; afterwards the undrawn keys kept and the view written to the URL."""
    init(allowed, studies)
    begin_run(page)
    yield current()
    keep_undrawn()
    publish(current())


def widget_key(name: str) -> str:
    return f"f_{name}"


def init(allowed: dict[str, tuple[str, ...]], studies: set[str]) -> None:
    """Parse the URL once per session into the widgets' keys, except those the browser sent with this run (a tab
    moved to a new session by a server restart or a lost replica)."""
    if KEY in st.session_state:
        return
    params = dict(st.query_params.to_dict())
    pinned = str(params.pop(PIN, "") or "")
    st.session_state[PINNED] = pinned if VERSION_ID.fullmatch(pinned) else None
    filters, notices = from_params(params, allowed, studies)
    if pinned and not VERSION_ID.fullmatch(pinned):
        notices.append("Ignored the link's evidence version: it is not a version id.")
    st.session_state[KEY] = filters
    st.session_state[NOTICES] = notices
    sent = sent_by_browser()
    for f in fields(Filters):
        if widget_key(f.name) not in sent:
            st.session_state[widget_key(f.name)] = getattr(filters, f.name)


def sent_by_browser() -> set[str]:
    """Widget keys whose values came with this run from the browser. A tab that reconnects after a server restart,
    or is moved to another replica, starts a new session with its first widget change: that change is newer than the
    URL, and seeding the key from the URL would drop it (docs/decisions/0011-reconnect-keeps-the-first-change.md).
    Read from Streamlit's session state internals; an upgrade that moves them falls back to the URL, and the
    reconnect tests fail."""
    try:
        ids = list(get_session_state()._state._new_widget_state.keys())  # noqa: SLF001
    except AttributeError:
        return set()
    return {key for key in (user_key_from_element_id(i) for i in ids) if key}


DRAWN = "filters_drawn_this_run"
PAGE = "page_of_last_run"


def bind(name: str) -> dict:
    """Keyword arguments for the widget that holds filter `name`; notes that this run draws it."""
    st.session_state.setdefault(DRAWN, set()).add(name)
    return {"key": widget_key(name)}


def begin_run(page: str) -> None:
    """Before any widget is drawn. On a page switch every filter key is re-saved: the new page may
    draw a filter with a widget of its own (the board's profile form), which would otherwise start
    from its default."""
    if st.session_state.get(PAGE) != page:
        _resave(f.name for f in fields(Filters))
    st.session_state[PAGE] = page
    st.session_state[DRAWN] = set()


def keep_undrawn() -> None:
    """Streamlit forgets the value of a widget that a run does not draw (the Forest page's factor
    while Survival is open, the board's profile fields in the sidebar-less board view). Re-saving
    those keys at the end of the run detaches them from that clean-up, so every filter survives
    page switches and stays in the URL.
    Only undrawn keys: a drawn widget's key re-saved is re-applied by the browser on every rerun
    (docs/decisions/0009-undrawn-filters-resaved.md)."""
    drawn = st.session_state.get(DRAWN, set())
    _resave(f.name for f in fields(Filters) if f.name not in drawn)


def _resave(names) -> None:
    for name in names:
        key = widget_key(name)
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def presenter_requested() -> bool:
    """Presenter view asked for, read before the page is configured (sidebar collapsed): the session's
    choice once there is one, else the URL. A page switch clears the URL's parameters before this
    runs, and the sidebar would open again on every switch from the header's page links."""
    key = widget_key("presenter")
    if key in st.session_state:
        return bool(st.session_state[key])
    return str(st.query_params.get("presenter", "")).lower() in ("1", "true", "yes")


PUBLIC_URL = "NELM_PUBLIC_URL"  # e.g. https://nelm.hospital.example/evidence: the address colleagues open links at


def share_link(filters: Filters) -> str:
    """The full address of this view with the filters as query parameters: on the public base URL when the operator
    set one (a link in the minutes must not point at localhost or an internal port), else as the browser has it."""
    parts = urlsplit(st.context.url or "")
    page = parts.path.rstrip("/").rsplit("/", 1)[-1] if parts.path.strip("/") else ""
    query = urlencode({**to_params(filters), PIN: cached.get_evidence().version})
    return link_on(os.environ.get(PUBLIC_URL, ""), parts, page, query)


def pinned_version() -> str | None:
    """The evidence version the link this session was opened from was made on (None: no version in the link)."""
    return st.session_state.get(PINNED)


def link_on(public: str, seen, page: str, query: str) -> str:
    """The page's link on `public` (scheme, host and any path prefix), or on the address the browser has (`seen`)."""
    public = public.strip()
    if not public:
        return urlunsplit((seen.scheme, seen.netloc, seen.path, query, ""))
    base = urlsplit(public if "://" in public else f"https://{public}")  # 'host/path' alone would parse as a path
    path = base.path.rstrip("/") + (f"/{page}" if page else "/")
    return urlunsplit((base.scheme, base.netloc, path, query, ""))


def current() -> Filters:
    """Filters as the widgets hold them now."""
    values = {}
    for f in fields(Filters):
        key = widget_key(f.name)
        value = st.session_state.get(key, getattr(DEFAULT, f.name))
        if f.name == "exclude":
            value = tuple(sorted(value))
        values[f.name] = value
    filters = replace(DEFAULT, **values)
    st.session_state[KEY] = filters
    return filters


def publish(filters: Filters) -> None:
    """Write the view into the URL (only what differs from the defaults)."""
    wanted = to_params(filters)
    if pinned := pinned_version():  # the address keeps saying which release the view was opened on
        wanted[PIN] = pinned
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def notices() -> list[str]:
    return st.session_state.get(NOTICES, [])


def set_value(name: str, value) -> None:
    st.session_state[widget_key(name)] = value


def now():
    """The time in the browser's zone (UTC when the browser does not say): the minutes print date, time and zone."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(st.context.timezone) if st.context.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return datetime.now(zone)
