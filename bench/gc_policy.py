"""Filter-change latency of the app under the two garbage-collection policies Streamlit leaves open, against the
minimal app, interleaved in one run: Streamlit's full collection after every run (runner.postScriptGC, the default)
with the start-up objects frozen (shell/heap.py), and no collection after runs (postScriptGC off; Python's own
generational collector still runs). The figures behind docs/decisions/0005-garbage-collection.md.
Run: .venv/bin/python bench/gc_policy.py [N]"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.browser_latency import interleaved, pick, report  # noqa: E402
from tools.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit  # noqa: E402


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    ports = {name: free_port() for name in ("minimal app", "sweep+freeze", "no sweep")}
    servers = [
        start_streamlit("minimal_app.py", ports["minimal app"], cwd=ROOT / "bench" / "minimal"),
        start_streamlit("app.py", ports["sweep+freeze"]),
        start_streamlit("app.py", ports["no sweep"], extra_env={"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}),
    ]
    survival = [
        pick("Extrahepatic disease", "Liver-only disease", True),
        pick("Endpoint", "Disease-free survival", True),
    ]
    targets = {
        "minimal app": (
            f"http://127.0.0.1:{ports['minimal app']}",
            [pick("Series", "b", False), pick("Series", "c", False)],
        ),
        "sweep+freeze": (f"http://127.0.0.1:{ports['sweep+freeze']}/survival", survival),
        "no sweep": (f"http://127.0.0.1:{ports['no sweep']}/survival", survival),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            interleaved(browser, targets, 1)
            runs = interleaved(browser, targets, reps)
            browser.close()
    finally:
        for server in servers:
            server.terminate()
    report(runs, reps)


if __name__ == "__main__":
    main()
