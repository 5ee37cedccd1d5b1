"""The server's long-lived objects are kept out of the garbage collector's sweeps.

Streamlit runs a full collection after every script run (runner.postScriptGC). Before the app froze
its start-up objects, that sweep walked ~190,000 objects of imports and evidence, 130–185 ms of every
filter change in bench/browser_latency.py. Checked in a fresh interpreter so that no earlier test's
freeze (or lack of one) decides the outcome."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import gc
from streamlit.testing.v1 import AppTest
from shell import cached
at = AppTest.from_file("app.py", default_timeout=60).run()
assert not at.exception, at.exception
evidence = cached.get_evidence()
swept = gc.get_objects()  # the generations a collection walks; the frozen one is not among them
print(gc.get_freeze_count(), len(swept), any(o is evidence for o in swept), any(o is evidence.studies for o in swept))
"""


def test_after_the_first_run_the_evidence_and_imports_are_outside_what_a_collection_sweeps():
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=180, check=True)
    frozen, swept, evidence_swept, studies_swept = out.stdout.split()
    assert evidence_swept == "False" and studies_swept == "False"
    assert int(frozen) > 100_000  # the imports and the evidence, not a handful of objects
    assert int(swept) < int(frozen) / 4  # what is left to sweep after a run is small beside it


GROWTH = """
import gc, itertools
from streamlit.testing.v1 import AppTest
from shell import cached
from views.filters import Filters
AppTest.from_file("app.py", default_timeout=60).run()
allowed = cached.get_allowed()
views = itertools.islice(itertools.product(allowed["primary_site"], allowed["extrahepatic"], allowed["margin"], allowed["endpoint"]), 130)
for site, extrahepatic, margin, endpoint in views:
    cached.survival_chart(Filters(endpoint=endpoint, primary_site=site, extrahepatic=extrahepatic, margin=margin))
gc.collect()
print(len(gc.get_objects()))
"""


def test_after_130_distinct_survival_views_a_sweep_still_walks_few_objects():
    """Cached figures are live objects that every sweep walks (~290 each). Kept without bound (256),
    130 views leave ~40,000 of them; the figure caches keep 64."""
    out = subprocess.run([sys.executable, "-c", GROWTH], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    assert int(out.stdout.split()[-1]) < 30_000
