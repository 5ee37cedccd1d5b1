"""Two replicas behind Debian's nginx with the shipped configuration (deploy/nginx), under a base URL path, as a
hospital would run them (issue 18): every download a browser asks for succeeds through the proxy; killing the
replica that holds a browser's session brings the same view back on the other within seconds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import loud_skip, plotted_data, wait_for_app
from tools.local_server import CHROMIUM, ROOT, SERVER, free_port

pytestmark = pytest.mark.browser
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


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path(NGINX).exists():
        loud_skip(f"TWO-REPLICA TESTS SKIPPED: no nginx at {NGINX} (.ci/run installs Debian's nginx as root).")
    if not Path(CHROMIUM).exists():
        loud_skip(f"TWO-REPLICA TESTS SKIPPED: no Chromium at {CHROMIUM}.")
    ports = [free_port(), free_port()]
    replicas = {p: start_replica(p) for p in ports}
    proxy_port = free_port()
    conf = nginx_config(tmp_path_factory.mktemp("nginx"), proxy_port, ports)
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        wait_until(f"http://127.0.0.1:{proxy_port}{BASE}/_stcore/health")
        yield f"http://127.0.0.1:{proxy_port}{BASE}", replicas
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=20)
        for proc in replicas.values():
            proc.kill()
            proc.wait(timeout=20)


def test_the_base_path_without_its_slash_leads_to_the_app(cluster):
    url, _ = cluster
    with urllib.request.urlopen(url, timeout=10) as response:  # /nelm -> /nelm/
        assert response.status == 200 and response.url.endswith(f"{BASE}/")
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_every_download_through_the_proxy_succeeds_and_needs_the_affinity(cluster, page):
    url, _ = cluster
    page.goto(f"{url}/evidence")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these rows as shown (CSV)").click()
    media = download.value.url
    statuses = [page.request.get(media).status for _ in range(20)]
    assert statuses == [200] * 20
    # the control: the same file asked for without the browser's cookie lands on either replica
    without = []
    for _ in range(20):
        try:
            with urllib.request.urlopen(media, timeout=5) as r:
                without.append(r.status)
        except urllib.error.HTTPError as err:
            without.append(err.code)
    assert 404 in without, without


def test_killing_the_replica_holding_the_session_restores_the_view_on_the_other(cluster, page):
    url, replicas = cluster
    page.goto(f"{url}/survival?extrahepatic=no")
    wait_for_app(page)
    before = plotted_data(page)
    held = holding(list(replicas))
    assert len(held) == 1, held
    other = [p for p in replicas if p != held[0]]
    replicas[held[0]].kill()
    killed_at = time.time()
    while not holding(other) and time.time() - killed_at < 60:  # the tab reconnects, through nginx, to the other
        time.sleep(0.1)
    wait_for_app(page)
    restored_in = time.time() - killed_at
    assert holding(other) and plotted_data(page) == before
    print(f"view restored on the other replica {restored_in:.1f} s after the kill")
    assert restored_in < 10
    # and the session there is live: the first change after the move takes effect
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("combobox", name="Extrahepatic disease").click()
    page.get_by_role("option", name="Any").click()
    page.wait_for_function("() => !location.search.includes('extrahepatic=no')", timeout=20_000)
    wait_for_app(page)
    assert plotted_data(page) != before
