"""A unit's own series: how long parsing, Kaplan–Meier, log-rank and the funnel plot take at 1,000 and 100,000
patients (in process, medians of rounds), and, with --browser, a sidebar filter change on 'Our unit' holding a
10,000-patient upload against the latency benchmark's minimal app (headless Chromium, interleaved rounds).

    .venv/bin/python bench/local_series.py [--rounds 5] [--browser] [--changes 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import evidence  # noqa: E402
from local_series.parse import parse_series, patient_vocabulary  # noqa: E402
from local_series.template import synthetic_series  # noqa: E402
from stats.local_survival import compare_groups, local_survival  # noqa: E402
from views.filters import DEFAULT  # noqa: E402
from views.labels import Labels  # noqa: E402
from views.local_series import unit_view  # noqa: E402
from views.select import broader_map  # noqa: E402
from views.survival import survival_view  # noqa: E402

# each step changes one sidebar select to a value it does not hold and that selects other patients: 12 steps a cycle
# over 9 distinct states, more than a session keeps unit views for (8): most changes recompute the unit's view
STEPS = [
    step
    for margin in ("R0", "R1", "Any margin")
    for step in (
        ("Resection margin", margin),
        *(("Extrahepatic disease", e) for e in ("Liver-only disease", "Extrahepatic disease", "Any")),
    )
]


def in_process(rounds: int) -> None:
    ev = evidence.load()
    labels, broader = Labels.from_evidence(ev), broader_map(ev.vocabulary)
    vocabulary = patient_vocabulary(ev.vocabulary)
    published = survival_view(ev, DEFAULT, labels, method="REML")
    print(f"In process, median of {rounds} rounds (ms); the published Survival view is built once, outside the timing")
    print(f"{'patients':>9}{'file MB':>9}{'parse':>9}{'Kaplan-Meier':>14}{'log-rank x4':>13}{'whole unit view':>17}")
    for n in (1_000, 100_000):
        data = synthetic_series(n)
        timings = {"parse": [], "km": [], "logrank": [], "view": []}
        for _ in range(rounds):
            start = time.perf_counter()
            series = parse_series(data, "bench.csv", vocabulary)
            timings["parse"].append(time.perf_counter() - start)
            start = time.perf_counter()
            local_survival(series.patients["time_years"], series.patients["event"])
            timings["km"].append(time.perf_counter() - start)
            start = time.perf_counter()
            for column in series.columns:
                compare_groups(series.patients, column)
            timings["logrank"].append(time.perf_counter() - start)
            start = time.perf_counter()
            unit_view(series, DEFAULT, published, labels, broader)  # KM, funnel, log-rank, drawn curve
            timings["view"].append(time.perf_counter() - start)
        ms = {k: 1000 * statistics.median(v) for k, v in timings.items()}
        print(
            f"{n:>9,}{len(data) / 2**20:>9.2f}{ms['parse']:>9.0f}{ms['km']:>14.0f}{ms['logrank']:>13.0f}{ms['view']:>17.0f}"
        )
    filtered = replace(DEFAULT, extrahepatic="no", margin="r0")
    series = parse_series(synthetic_series(10_000), "bench.csv", vocabulary)
    published = survival_view(ev, filtered, labels, method="REML")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        unit_view(series, filtered, published, labels, broader)
        times.append(time.perf_counter() - start)
    print(f"10,000 patients, filtered (liver-only, R0): unit view {1000 * statistics.median(times):.0f} ms")


def in_browser(rounds: int, changes: int) -> None:
    from playwright.sync_api import sync_playwright

    from bench.browser_latency import pick, time_change
    from tools.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit

    upload = Path(tempfile.mkdtemp()) / "unit_10000.csv"
    upload.write_bytes(synthetic_series(10_000))
    app_port, min_port = free_port(), free_port()
    app = start_streamlit("app.py", app_port)
    minimal = start_streamlit("minimal_app.py", min_port, cwd=ROOT / "bench" / "minimal")
    unit_times, minimal_times = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            unit = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            unit.goto(f"http://127.0.0.1:{app_port}/unit")
            unit.wait_for_selector("[data-testid='stFileUploaderDropzoneInput']", state="attached", timeout=60_000)
            unit.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(upload))
            unit.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
            base = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            base.goto(f"http://127.0.0.1:{min_port}")
            base.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            options = ["b", "c"]
            for i in range(rounds * changes + len(STEPS)):  # the first cycle warms the published views' caches
                label, option = STEPS[i % len(STEPS)]
                try:
                    _, done = time_change(unit, pick(label, option, True))
                except Exception:
                    unit.screenshot(path="/tmp/bench_failed.png")
                    raise RuntimeError(f"change {i}: {label} -> {option} did not update the page") from None
                _, base_done = time_change(base, pick("Series", options[i % 2], False))
                if i >= len(STEPS):
                    unit_times.append(done)
                    minimal_times.append(base_done)
            browser.close()
    finally:
        app.terminate()
        minimal.terminate()
    paired = [u / m for u, m in zip(unit_times, minimal_times, strict=True)]
    print(
        f"Browser, 'Our unit' holding 10,000 patients: sidebar filter change -> every chart updated and the run "
        f"finished, {len(unit_times)} changes interleaved with the minimal app's"
    )
    print(
        f"unit page median {statistics.median(unit_times):.2f} s, minimal app {statistics.median(minimal_times):.2f} s, "
        f"ratio of medians {statistics.median(unit_times) / statistics.median(minimal_times):.2f}, "
        f"paired median {statistics.median(paired):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--changes", type=int, default=6, help="browser changes per round")
    args = parser.parse_args()
    in_process(args.rounds)
    if args.browser:
        in_browser(args.rounds, args.changes)


if __name__ == "__main__":
    main()
