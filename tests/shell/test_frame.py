"""The frame's error boundary: a page that fails shows the surgeon words, never a traceback, and leaves a trace with
the view's address in the server's log (Python logging, to stderr)."""

from __future__ import annotations

import json
import os
import re
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


def run_script(script: str, **env) -> subprocess.CompletedProcess:
    """The AppTest script in a fresh interpreter, so that the log handlers it sets up are its own."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=dict(os.environ, **env),
    )


def run_failing_page(**env) -> subprocess.CompletedProcess:
    return run_script(FAILING_PAGE, **env)


def test_a_failing_page_is_logged_with_an_incident_id_and_shown_in_words_without_its_exception():
    out = run_failing_page()
    assert "EXCEPTION-BOX: 0" in out.stdout  # no traceback on the page
    box = out.stdout.split("ERROR-BOX:", 1)[1]
    assert "This view could not be drawn" in box and "ZeroDivisionError" not in box and "boom" not in box
    incident = re.search(r"incident ([0-9a-f]{8})", box).group(1)
    # the server's log: the incident, the page and the view's address, and the traceback for whoever runs it
    line = next(x for x in out.stderr.splitlines() if "page survival failed" in x)
    assert f"incident={incident}" in line and "ERROR nelm.pages" in line
    assert "ZeroDivisionError: boom in the view" in out.stderr


def test_operators_choose_the_log_level_and_a_json_format():
    out = run_failing_page(NELM_LOG_FORMAT="json", NELM_LOG_LEVEL="WARNING")
    records = [json.loads(x) for x in out.stderr.splitlines() if x.startswith("{")]
    failure = next(r for r in records if "page survival failed" in r["message"])
    assert failure["level"] == "ERROR" and failure["logger"] == "nelm.pages" and len(failure["incident"]) == 8
    assert "ZeroDivisionError: boom in the view" in failure["traceback"]


EXPORT_PAGE = """
from shell import logs
logs.configure()
from components.widgets.downloads import Download, prepared_downloads

import os
from export import ExportUnavailable

def make():
    if os.environ.get("UNAVAILABLE"):
        raise ExportUnavailable("no Chromium at /opt/secret/chromium; apt-get install chromium")
    raise RuntimeError("kaleido crashed at /opt/secret/path")

prepared_downloads("board", 1, "Prepare", make, {"pdf": Download("PDF", True, "x.pdf", "application/pdf")})
"""
FAILING_EXPORT = f"""
from streamlit.testing.v1 import AppTest
at = AppTest.from_string({EXPORT_PAGE!r}, default_timeout=60).run()
at.button[0].click().run()
print("ERROR-BOX:", [e.value for e in at.error])
"""


def test_a_failed_export_is_logged_and_the_surgeon_sees_an_incident_not_the_error():
    out = run_script(FAILING_EXPORT)
    box = out.stdout.split("ERROR-BOX:", 1)[1]
    incident = re.search(r"incident ([0-9a-f]{8})", box).group(1)
    assert "kaleido" not in box and "/opt/secret" not in box
    assert f"ERROR nelm.exports: export board failed incident={incident}" in out.stderr
    assert "RuntimeError: kaleido crashed at /opt/secret/path" in out.stderr


def test_an_unavailable_export_says_so_in_plain_words_and_logs_why():
    out = run_script(FAILING_EXPORT, UNAVAILABLE="1")
    box = out.stdout.split("ERROR-BOX:", 1)[1]
    assert "Export is not available on this server" in box and "/opt/secret" not in box
    incident = re.search(r"incident ([0-9a-f]{8})", box).group(1)
    assert f"WARNING nelm.exports: export board unavailable incident={incident}" in out.stderr
    assert "no Chromium at /opt/secret/chromium" in out.stderr


def test_a_log_level_that_is_not_one_falls_back_to_info_and_says_so():
    out = run_failing_page(NELM_LOG_LEVEL="LOUD")
    assert "NELM_LOG_LEVEL='LOUD' is not a logging level; logging at INFO" in out.stderr
    assert "page survival failed" in out.stderr
