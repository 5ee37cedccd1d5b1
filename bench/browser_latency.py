"""Browser latency of the dashboard against a minimal Streamlit app, on this machine, in one run.

Starts both apps on localhost, drives them with headless Debian Chromium through Playwright and
prints medians over N repetitions of (a) page open -> first chart drawn and (b) filter change ->
every chart on the page updated, for the Survival and Forest pages, with the ratio to the
minimal app (one selectbox + one Plotly chart). Run: .venv/bin/python bench/browser_latency.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_streamlit  # noqa: E402

# _fullData, not data: Plotly ships numpy arrays base64-encoded ({dtype, bdata}) in `data`.
CHART_SIGNATURE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el =>
    JSON.stringify((el._fullData || []).map(t => [t.name, (t.y || []).length, Array.from(t.y || []).slice(0, 5)]))).join('|')"""
RUNNING = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def time_open(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    return time.perf_counter() - start


def time_change(page, change) -> tuple[float, float]:
    """(filter change -> chart data replaced, filter change -> chart replaced and the page's run finished)."""
    before = page.evaluate(CHART_SIGNATURE)
    start = time.perf_counter()
    change(page)
    page.wait_for_function(f"(before) => ({CHART_SIGNATURE})() !== before", arg=before, timeout=60_000)
    charted = time.perf_counter() - start
    page.wait_for_function(RUNNING, timeout=60_000)
    return charted, time.perf_counter() - start


def pick(label: str, option: str, sidebar: bool):
    def change(page):
        scope = page.locator("[data-testid='stSidebar']") if sidebar else page
        scope.get_by_role("combobox", name=label).click()
        page.get_by_role("option", name=option, exact=True).click()

    return change


def measure(browser, url: str, changes, reps: int) -> tuple[float, float, float]:
    opens, charted, updates = [], [], []
    for i in range(reps):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        opens.append(time_open(page, url))
        page.wait_for_function(RUNNING, timeout=60_000)
        chart, done = time_change(page, changes[i % len(changes)])
        charted.append(chart)
        updates.append(done)
        context.close()
    return statistics.median(opens), statistics.median(charted), statistics.median(updates)


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    app_port, min_port = _free_port(), _free_port()
    app = start_streamlit("app.py", app_port)
    minimal = start_streamlit("bench/minimal/minimal_app.py", min_port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{app_port}"
            # warm both servers once (imports, caches) so the first repetition is not an outlier
            measure(browser, f"http://127.0.0.1:{min_port}", [pick("Series", "b", False)], 1)
            measure(browser, f"{base}/survival", [pick("Extrahepatic disease", "Liver-only disease", True)], 1)
            measure(browser, f"{base}/forest", [pick("Endpoint", "Recurrence-free survival", True)], 1)
            minimal_open, minimal_chart, minimal_update = measure(browser, f"http://127.0.0.1:{min_port}", [pick("Series", "b", False), pick("Series", "c", False)], reps)
            rows = [("minimal app", minimal_open, minimal_chart, minimal_update)]
            rows.append(("survival", *measure(browser, f"{base}/survival", [pick("Extrahepatic disease", "Liver-only disease", True), pick("Endpoint", "Disease-free survival", True)], reps)))
            rows.append(("forest", *measure(browser, f"{base}/forest", [pick("Endpoint", "Recurrence-free survival", True)], reps)))
            browser.close()
    finally:
        app.terminate()
        minimal.terminate()
    print(f"Medians over {reps} repetitions, headless Chromium at 1280x720, localhost")
    print("change->updated: the new chart data is drawn AND the page's run has finished (the target is judged on this);")
    print("change->chart: the new chart data is drawn (later page elements may still be arriving)")
    print(f"{'page':<14}{'open->chart (s)':>17}{'ratio':>8}{'change->chart (s)':>20}{'ratio':>8}{'change->updated (s)':>22}{'ratio':>8}")
    for name, open_s, chart_s, update_s in rows:
        print(f"{name:<14}{open_s:>17.3f}{open_s / minimal_open:>8.2f}{chart_s:>20.3f}{chart_s / minimal_chart:>8.2f}"
              f"{update_s:>22.3f}{update_s / minimal_update:>8.2f}")


if __name__ == "__main__":
    main()
