"""Replicas of the dashboard behind Debian's nginx with the shipped configuration (deploy/nginx), under a base URL
path: shared by the two-replica browser test and bench/load.py (neither imports the other)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .local_server import ROOT, SERVER, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BASE = "/nelm"
TEMPLATE = ROOT / "deploy" / "nginx" / "nelm.conf.template"


def wait_until(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def start_replica(port: int) -> subprocess.Popen:
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = [sys.executable, "-m", "streamlit", "run", SERVER, "--server.port", str(port), "--server.headless=true"]
    proc = subprocess.Popen(
        [*cmd, "--server.baseUrlPath", BASE.strip("/")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(f"http://127.0.0.1:{port}/ready")
    return proc


def nginx_config(tmp: Path, proxy_port: int, replica_ports: list[int]) -> Path:
    """The shipped template rendered as the nginx image's envsubst would, in a prefix nginx can write as any user."""
    servers = " ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports)
    site = (
        TEMPLATE.read_text()
        .replace("${NELM_UPSTREAM_SERVERS}", servers)
        .replace("${NELM_PROXY_PORT}", f"127.0.0.1:{proxy_port}")
        .replace("${NELM_BASE_PATH}", BASE)
    )
    (tmp / "logs").mkdir()
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"pid {tmp}/nginx.pid; error_log {tmp}/logs/error.log; worker_processes 1; events {{}}\n"
        f"http {{ access_log {tmp}/logs/access.log; client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
        f"{site}\n}}\n"
    )
    return conf


@dataclass
class Cluster:
    url: str  # the proxy's address of the app, base path included
    replicas: dict[int, subprocess.Popen]  # port -> replica process


@contextmanager
def behind_nginx(count: int = 2) -> Iterator[Cluster]:
    """`count` replicas and nginx in front of them for the duration of the block."""
    replicas = {p: start_replica(p) for p in (free_port() for _ in range(count))}
    proxy_port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        conf = nginx_config(Path(tmp), proxy_port, list(replicas))
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            url = f"http://127.0.0.1:{proxy_port}{BASE}"
            wait_until(f"{url}/_stcore/health")
            yield Cluster(url, replicas)
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=20)
            for proc in replicas.values():
                proc.kill()
                proc.wait(timeout=20)


def holding(ports: list[int]) -> list[int]:
    """Replica ports with an established TCP connection (the proxied WebSocket), read from /proc/net/tcp and tcp6."""
    hexes = {f"{p:04X}": p for p in ports}
    held = set()
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    for line in (row for t in tables if t.exists() for row in t.read_text().splitlines()[1:]):
        local, state = line.split()[1], line.split()[3]
        if state == "01" and local.split(":")[1] in hexes:
            held.add(hexes[local.split(":")[1]])
    return sorted(held)
