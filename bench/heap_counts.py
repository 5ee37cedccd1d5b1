"""How many objects Python's garbage collector walks in the app's process: frozen at start-up, left to sweep after
the first run, and after 130 distinct Survival views (each cached figure is live objects every sweep walks).
The figures behind docs/decisions/0005-garbage-collection.md and 0008-figure-cache-size.md.
Run: .venv/bin/python bench/heap_counts.py"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MEASURE = """
import gc, itertools
from streamlit.testing.v1 import AppTest
from shell import cached
from views.filters import Filters
at = AppTest.from_file("app.py", default_timeout=60).run()
assert not at.exception, at.exception
print("frozen at start-up", gc.get_freeze_count())
print("swept after the first run", len(gc.get_objects()))
allowed = cached.get_allowed()
views = itertools.islice(itertools.product(allowed["primary_site"], allowed["extrahepatic"], allowed["margin"], allowed["endpoint"]), 130)
for site, extrahepatic, margin, endpoint in views:
    cached.survival_chart(Filters(endpoint=endpoint, primary_site=site, extrahepatic=extrahepatic, margin=margin))
gc.collect()
print("swept after 130 distinct Survival views", len(gc.get_objects()))
print("figures kept per cache", cached.FIGURES_KEPT)
"""


def main() -> None:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True
    )
    for line in out.stdout.splitlines():
        label, _, value = line.rpartition(" ")
        print(f"{label:<45}{int(value):>10,}")


if __name__ == "__main__":
    main()
