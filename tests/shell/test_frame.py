"""The frame's error boundary: a page that fails shows the surgeon words, never a traceback, and leaves a trace with
the view's address in the server's log (Python logging, to stderr)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.files import ROOT

PAGE = """
from shell.frame import error_boundary

class Page:
    url_path = "survival"
    def run(self):
        raise ZeroDivisionError("boom in the view")

error_boundary(Page())
"""
FAILING_PAGE = f"""
from streamlit.testing.v1 import AppTest
at = AppTest.from_string({PAGE!r}, default_timeout=60).run()
print("ERROR-BOX:", [e.value for e in at.error])
print("EXCEPTION-BOX:", len(at.exception))
"""


def test_a_failing_page_is_logged_with_its_view_and_shown_in_words():
    out = subprocess.run(
        [sys.executable, "-c", FAILING_PAGE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert "EXCEPTION-BOX: 0" in out.stdout  # no traceback on the page
    assert "This view could not be drawn (ZeroDivisionError)" in out.stdout and "logged" in out.stdout
    assert "ERROR nelm.pages: page survival failed for view" in out.stderr  # the server's log names the page and view
    assert "ZeroDivisionError: boom in the view" in out.stderr  # and keeps the traceback for whoever runs it
