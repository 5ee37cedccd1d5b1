"""The server a hospital runs (shell/server.py) checks the evidence before it accepts anyone (issue 18): missing,
unreadable or corrupt evidence ends the start with the checker's words and a non-zero code; good evidence gives a
/ready that a load balancer can probe, and every response carries the security headers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request

import pytest

from tests.support.files import DATA
from tools.local_server import ROOT, free_port, served

SERVER = "shell/server.py"


def start(evidence_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ, NELM_EVIDENCE_DIR=str(evidence_dir), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        SERVER,
        "--server.port",
        str(free_port()),
        "--server.headless=true",
    ]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)


@pytest.fixture
def evidence_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 3, result.stderr[-2000:]
    assert "the evidence did not pass its check; the server will not start" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr[-2000:]


def test_missing_evidence_stops_the_start(tmp_path):
    refused(start(tmp_path / "nowhere"), "is not a directory")


def test_unreadable_evidence_stops_the_start(evidence_copy):
    (evidence_copy / "effects.csv").unlink()
    (evidence_copy / "effects.csv").mkdir()  # unreadable as a file, even for root
    refused(start(evidence_copy), "effects.csv")


def test_corrupt_evidence_stops_the_start(evidence_copy):
    (evidence_copy / "survival.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage")
    refused(start(evidence_copy), "survival.csv")


def test_good_evidence_answers_ready_with_its_version_and_sends_security_headers():
    with served(SERVER) as url:
        with urllib.request.urlopen(f"{url}/ready", timeout=10) as response:
            assert response.status == 200 and response.read().decode().startswith("ready: evidence ")
        with urllib.request.urlopen(f"{url}/", timeout=10) as response:
            headers = {k.lower(): v for k, v in response.getheaders()}
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"


def test_the_server_and_the_pages_share_one_load_of_the_evidence(monkeypatch, evidence_copy):
    from shell import cached

    monkeypatch.setenv("NELM_EVIDENCE_DIR", str(evidence_copy))
    first = cached.load_checked()
    assert cached.load_checked() is first and first.data_dir == evidence_copy
