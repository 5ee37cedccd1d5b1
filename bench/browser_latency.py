"""Browser latency of the dashboard against a minimal Streamlit app, on this machine, in one run.

Starts both apps on localhost, drives them with headless Debian Chromium through Playwright and
prints medians over N interleaved rounds of (a) page open -> first chart drawn and (b) filter
change -> every chart on the page updated, for the Survival and Forest pages, with the ratio to the
minimal app (one selectbox + one Plotly chart). Two kinds of view, side by side in every round:
repeated ones (the same few views, served from the caches) and new ones (each round opens a filter
combination no earlier round used and changes it to another unseen one: every view is a cache miss).

    .venv/bin/python bench/browser_latency.py [N] [--data DIR]    # DIR: another evidence directory (e.g. 100x)
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tools.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit  # noqa: E402

# _fullData, not data: Plotly ships numpy arrays base64-encoded ({dtype, bdata}) in `data`.
CHART_SIGNATURE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el =>
    JSON.stringify((el._fullData || []).map(t => [t.name, (t.y || []).length, Array.from(t.y || []).slice(0, 5),
    Array.from(t.x || []).slice(0, 5)]))).join('|')"""  # x too: a forest row keeps its y when only its HR changes
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


def repetition(browser, url: str, change) -> tuple[float, float, float]:
    """One fresh browser context: (open -> chart, change -> chart drawn, change -> chart drawn and run finished)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    opened = time_open(page, url)
    page.wait_for_function(RUNNING, timeout=60_000)
    charted, done = time_change(page, change)
    context.close()
    return opened, charted, done


def interleaved(
    browser, targets: dict[str, tuple[list[str], list]], reps: int, start: int = 0
) -> dict[str, list[tuple[float, float, float]]]:
    """Every round measures each app once, so that the shared machine's load, which drifts over
    minutes, weighs on the minimal app and the dashboard alike. Round i opens urls[i] (cycling)."""
    runs = {name: [] for name in targets}
    for i in range(start, start + reps):
        for name, (urls, changes) in targets.items():
            runs[name].append(repetition(browser, urls[i % len(urls)], changes[i % len(changes)]))
    return runs


SURVIVAL_OPENED = ("primary_site", "margin", "grade", "functional", "treatment", "primary_resected")
SURVIVAL_CHANGE = ("extrahepatic", "no", "Extrahepatic disease", "Liver-only disease")
FOREST_CHANGE = ("endpoint", "RFS", "Endpoint", "Recurrence-free survival")


def new_views(data_dir: str | None, count: int, seed: int = 22) -> tuple[list[str], list[str]]:
    """Query strings of `count` Survival and Forest views no round repeats, each drawing a chart before and after
    the round's change (checked with the views themselves, so no round waits for a chart that never comes)."""
    import evidence
    from views.filters import DEFAULT, allowed_values, to_params
    from views.forest import forest_view
    from views.labels import Labels
    from views.survival import survival_view

    ev = evidence.load(data_dir)
    labels, allowed = Labels.from_evidence(ev), allowed_values(ev.vocabulary, ev.effects["comparison_key"])
    rng = random.Random(seed)
    survival, forest, seen = [], [], set()
    studies = list(ev.studies["id"])
    for _ in range(count * 400):
        if len(survival) == count:
            break
        opened = {k: rng.choice(allowed[k]) for k in SURVIVAL_OPENED if rng.random() < 0.3}
        f = dataclasses.replace(DEFAULT, exclude=(rng.choice(studies),), **opened)  # a left-out study: a new view
        changed = dataclasses.replace(f, **{SURVIVAL_CHANGE[0]: SURVIVAL_CHANGE[1]})
        if f in seen or not survival_view(ev, f, labels).curves:
            continue
        after = {c.cohort_id for c in survival_view(ev, changed, labels).curves}
        if not after or after == {c.cohort_id for c in survival_view(ev, f, labels).curves}:
            continue
        seen.add(f)
        survival.append("/survival?" + urlencode(to_params(f)))

    # Forest: each round its own estimator settings (so the view changed to is new too) and an OS factor with rows
    def drawn(f):  # a chart with at least one estimate in it
        return any(r.estimate is not None for r in forest_view(ev, f, labels, f.factor).rows)

    keys = [  # factors with estimates before and after the change, so the chart is redrawn, never left as it was
        k
        for k in sorted(set(ev.effects["comparison_key"]))
        if drawn(dataclasses.replace(DEFAULT, factor=k))
        and drawn(dataclasses.replace(DEFAULT, factor=k, endpoint=FOREST_CHANGE[1]))
    ]
    settings = [
        (m, h, a) for m in ("REML", "DL", "PM", "FE") for h in (False, True) for a in ("multivariable", "univariable")
    ]
    rng.shuffle(settings)
    for i, (method, hksj, analysis) in enumerate(settings[:count]):
        key = keys[i % len(keys)]
        f = dataclasses.replace(DEFAULT, factor=key, method=method, hksj=hksj, analysis=analysis)
        forest.append("/forest?" + urlencode(to_params(f)))
    return survival, forest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reps", nargs="?", type=int, default=10)
    parser.add_argument(
        "--data", default=None, help="evidence directory (NELM_EVIDENCE_DIR), e.g. a 100x synthetic one"
    )
    args = parser.parse_args()
    reps = args.reps
    app_port, min_port = free_port(), free_port()
    app = start_streamlit("app.py", app_port, extra_env={"NELM_EVIDENCE_DIR": args.data} if args.data else None)
    # its own directory, so its own .streamlit/config.toml: the app's theme and settings do not shape the baseline
    minimal = start_streamlit("minimal_app.py", min_port, cwd=ROOT / "bench" / "minimal")
    base = f"http://127.0.0.1:{app_port}"
    new_survival, new_forest = new_views(args.data, reps + 1)
    targets = {
        "minimal app": ([f"http://127.0.0.1:{min_port}"], [pick("Series", "b", False), pick("Series", "c", False)]),
        "survival": (
            [f"{base}/survival"],
            [pick("Extrahepatic disease", "Liver-only disease", True), pick("Endpoint", "Disease-free survival", True)],
        ),
        "forest": ([f"{base}/forest"], [pick("Endpoint", "Recurrence-free survival", True)]),
        "survival new": (
            [base + q for q in new_survival],
            [pick(SURVIVAL_CHANGE[2], SURVIVAL_CHANGE[3], True)],
        ),
        "forest new": ([base + q for q in new_forest], [pick(FOREST_CHANGE[2], FOREST_CHANGE[3], True)]),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            interleaved(browser, targets, 1)  # warm both servers (imports, caches) so the first round is not an outlier
            runs = interleaved(browser, targets, reps, start=1)  # round 0's new views were the warm-up's
            browser.close()
    finally:
        app.terminate()
        minimal.terminate()
    report(runs, reps)


def report(runs: dict[str, list[tuple[float, float, float]]], reps: int) -> None:
    print(
        f"Medians over {reps} interleaved rounds (each round: minimal app, Survival, Forest, then a new Survival and a new "
        "Forest view), headless Chromium at 1280x720, localhost"
    )
    print("'new' rows: every view opened and every view changed to is one no earlier round asked for (cache misses)")
    print(
        "change->updated: the new chart data is drawn AND the page's run has finished (the target is judged on this);"
    )
    print("change->chart: the new chart data is drawn (later page elements may still be arriving)")
    print("paired: median over rounds of (page / minimal app in the same round), change->updated; q1-q3: its quartiles")
    print(
        f"{'page':<14}{'open->chart (s)':>17}{'ratio':>8}{'change->chart (s)':>20}{'ratio':>8}{'change->updated (s)':>22}{'ratio':>8}{'paired':>8}{'q1-q3':>12}"
    )
    minimal = [statistics.median(column) for column in zip(*runs["minimal app"], strict=True)]
    for name, rounds in runs.items():
        medians = [statistics.median(column) for column in zip(*rounds, strict=True)]
        paired = [r[2] / m[2] for r, m in zip(rounds, runs["minimal app"], strict=True)]
        q1, _, q3 = statistics.quantiles(paired, n=4) if len(paired) > 1 else (paired[0],) * 3
        ratios = [v / b for v, b in zip(medians, minimal, strict=True)]
        print(
            f"{name:<14}{medians[0]:>17.3f}{ratios[0]:>8.2f}{medians[1]:>20.3f}{ratios[1]:>8.2f}"
            f"{medians[2]:>22.3f}{ratios[2]:>8.2f}{statistics.median(paired):>8.2f}{f'{q1:.2f}-{q3:.2f}':>12}"
        )


if __name__ == "__main__":
    main()
