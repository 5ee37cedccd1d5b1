"""Serve a Streamlit script on localhost and find Debian's Chromium: shared by the browser tests and bench/ (neither
imports the other)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(
    script: str | Path, port: int, extra_env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.Popen:
    """`streamlit run script` from `cwd`, whose .streamlit/config.toml is the one Streamlit reads; returns once healthy."""
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(extra_env or {}))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit {script} did not start on port {port}")


SERVER = "shell/server.py"  # what `make run` and the container run: the app behind its evidence check and headers


@contextmanager
def served(script: str | Path = SERVER, extra_env: dict[str, str] | None = None, cwd: Path = ROOT) -> Iterator[str]:
    """The script served on a free port for the duration of the block: yields its base URL."""
    port = free_port()
    proc = start_streamlit(script, port, extra_env, cwd)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
