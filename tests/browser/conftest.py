"""A real browser: Debian's Chromium driven by Playwright, against the app served on localhost."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(extra_env or {}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit {script} did not start on port {port}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        message = f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium` (.ci/run does this as root)."
        warnings.warn(message, stacklevel=1)
        print("\n" + "!" * 80 + "\n" + message + "\n" + "!" * 80)
        pytest.skip(message)
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def app_url():
    port = _free_port()
    proc = start_streamlit("app.py", port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


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


def wait_for_app(pg, timeout: float = 60_000) -> None:
    """Until Streamlit has finished running the script (no 'running' status)."""
    pg.wait_for_selector("[data-testid='stTopNav']", state="attached", timeout=timeout)  # app.py has routed
    pg.get_by_text("Evidence table version").first.wait_for(timeout=timeout)  # the footer: the page has run to the end
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    # elements the frontend has not drawn yet show as skeletons; a screenshot then shows grey boxes
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    pg.wait_for_timeout(500)


def plotted_data(pg, expect_chart: bool = True) -> list[dict]:
    """x/y of every trace of every Plotly chart on the page, as the browser holds them.
    Read from _fullData: Plotly ships numpy arrays base64-encoded, so `data[i].y` is {dtype, bdata}."""
    if expect_chart:
        pg.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(el => (el._fullData || []).length > 0)", timeout=30_000)
        pg.wait_for_timeout(300)
    return pg.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el =>
             (el._fullData || []).map(t => ({name: t.name, x: Array.from(t.x || []).slice(0, 400), y: Array.from(t.y || []).slice(0, 400)})))"""
    )


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
