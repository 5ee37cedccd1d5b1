"""A real browser: Debian's Chromium driven by Playwright, against the app served on localhost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.browser import loud_skip
from tools.local_server import CHROMIUM, CHROMIUM_ARGS, served


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        loud_skip(
            f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium` (.ci/run does this as root)."
        )
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def app_url():
    with served() as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    yield pg
    context.close()
