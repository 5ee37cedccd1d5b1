"""The server's long-lived objects are kept out of the garbage collector's sweeps.

Streamlit runs a full collection after every script run (runner.postScriptGC); why the app freezes what it has
loaded is in docs/decisions/0005-garbage-collection.md. Checked in a fresh interpreter so that no earlier test's
freeze (or lack of one) decides the outcome."""

from __future__ import annotations

import subprocess
import sys

from tests.support.files import ROOT

CHECK = """
import gc
from streamlit.testing.v1 import AppTest
from shell import cached
at = AppTest.from_file("app.py", default_timeout=60).run()
assert not at.exception, at.exception
evidence = cached.get_evidence()
swept = gc.get_objects()  # the generations a collection walks; the frozen one is not among them
print(gc.get_freeze_count() > 0, any(o is evidence for o in swept), any(o is evidence.studies for o in swept))
"""


def test_after_the_first_run_the_evidence_and_imports_are_outside_what_a_collection_sweeps():
    out = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=180, check=True
    )
    frozen, evidence_swept, studies_swept = out.stdout.split()
    assert frozen == "True"
    # how many objects each side holds: bench/heap_counts.py
    assert evidence_swept == "False" and studies_swept == "False"
