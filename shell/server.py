"""The server a hospital runs: the evidence is loaded and checked before any user is accepted (a failed check stops
the start with the checker's message), /ready answers only while it is loaded, and every response carries security
headers. Streamlit's own ASGI app (st.App) with a lifespan hook, one route and one middleware."""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `streamlit run shell/server.py` imports this file by path, from shell/
import evidence  # noqa: E402
from shell import cached, logs  # noqa: E402

LOG = logs.configure().getChild("server")

APP_SCRIPT = ROOT / "app.py"
HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",  # a shared link's filters never leave for another site
    b"content-security-policy": b"frame-ancestors 'self'",  # no other page may frame the dashboard
    b"x-frame-options": b"SAMEORIGIN",
}
LOADED: dict[str, str] = {}


@asynccontextmanager
async def evidence_first(_app):
    """Load and check the evidence before the server listens; a problem ends the process with the checker's words."""
    try:
        ev = cached.load_checked()  # the pages' own load: the first user does not wait for a second one
    except evidence.EvidenceError as err:
        LOG.critical("the evidence did not pass its check; the server will not start.\n%s", err)
        raise SystemExit(3) from err
    LOADED["version"] = ev.version
    LOG.info("evidence %s (curated %s) loaded and checked; accepting users", ev.version, ev.curated_on)
    yield
    LOADED.clear()


async def ready(_request):
    if "version" not in LOADED:
        return PlainTextResponse("evidence not loaded", status_code=503)
    return PlainTextResponse(f"ready: evidence {LOADED['version']}")


class SecurityHeaders:
    """Plain ASGI middleware: adds HEADERS to every HTTP response (WebSocket frames pass untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in HEADERS.items() if k not in present),
                ]
            await send(message)

        return await self.app(scope, receive, with_headers)


app = st.App(
    str(APP_SCRIPT), lifespan=evidence_first, routes=[Route("/ready", ready)], middleware=[Middleware(SecurityHeaders)]
)
