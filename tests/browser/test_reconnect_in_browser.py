"""A server restart in the middle of a board (issue 18): the open tab reconnects by itself, and the first filter
change made after it takes effect (it used to be dropped: the new session seeded the widget from the old URL)."""

from __future__ import annotations

import time

import pytest

from tests.support.browser import plotted_data, wait_for_app
from tools.local_server import SERVER, free_port, start_streamlit

pytestmark = pytest.mark.browser


def test_the_first_change_after_a_server_restart_takes_effect(page):
    port = free_port()
    server = start_streamlit(SERVER, port)
    try:
        page.goto(f"http://127.0.0.1:{port}/survival?extrahepatic=no")
        wait_for_app(page)
        before = plotted_data(page)
        server.kill()  # by its PID, as a crash or a redeploy would
        server.wait(timeout=20)
        server = start_streamlit(SERVER, port)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stConnectionStatus\"]')", timeout=60_000)
        started = time.time()
        page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Extrahepatic disease").click()
        page.get_by_role("option", name="Any", exact=True).click()
        page.wait_for_function("() => !location.search.includes('extrahepatic=no')", timeout=15_000)
        wait_for_app(page)
        assert plotted_data(page) != before
        print(f"first change after the restart drawn in {time.time() - started:.1f} s")
    finally:
        server.kill()
        server.wait(timeout=20)
