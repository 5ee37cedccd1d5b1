"""Load: N concurrent users speaking Streamlit's WebSocket protocol as a browser does on opening a link (a new session,
a rerun with the page and the query string, then reading until the script has finished), each opening views with
drawn filters over Survival, Forest and Board in turn (issue 22). Prints, per N, throughput (finished runs per second), p50/p95 of one
run, dropped connections, and the server's CPU and memory from /proc.

    python bench/load.py [--sessions 1,5,10,20,40] [--seconds 20] [--replicas 2] [--url http://127.0.0.1:PORT]
Without --url it starts one server (shell/server.py) on a free port, or with --replicas N that many behind
Debian's nginx with the shipped configuration, and measures it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.local_server import SERVER, free_port, start_streamlit  # noqa: E402
from tools.replicas import behind_nginx  # noqa: E402

SITES = ("all", "pancreas", "small_bowel", "non_pancreas", "colon", "rectum", "unknown")
EXTRAHEPATIC = ("any", "no", "yes", "nodes")
MARGINS = ("any", "r0", "r1", "r1_r2")
GRADES = ("any", "g1", "g2", "g3")
FUNCTIONAL = ("any", "yes", "no")
FACTORS = ("extrahepatic:yes_vs_no", "margin:r1_vs_r0", "primary_site:pancreas_vs_other", "grade:g3_vs_g1_g2")


def distinct_views(seed: int):
    """Views no earlier run asked for (shared by all users of one N): Survival, Forest and Board in turn, each drawn
    without replacement from its filter combinations (1,344 each for Survival and Board, 48 for Forest)."""
    rng = random.Random(seed)
    survival = [
        {"primary_site": s, "extrahepatic": e, "margin": m, "grade": g, "functional": f}
        for s, e, m, g, f in itertools.product(SITES, EXTRAHEPATIC, MARGINS, GRADES, FUNCTIONAL)
    ]
    board = [
        {"primary_site": s, "extrahepatic": e, "margin": m, "grade": g, "functional": f}
        for s, e, m, g, f in itertools.product(SITES, EXTRAHEPATIC, MARGINS, GRADES, FUNCTIONAL)
    ]
    forest = [
        {"factor": k, "method": m, "analysis": a, "hksj": h}
        for k, m, a, h in itertools.product(FACTORS, ("REML", "DL", "PM"), ("multivariable", "univariable"), ("0", "1"))
    ]
    for pool in (survival, board, forest):
        rng.shuffle(pool)
    for i in itertools.count():
        yield "survival", survival[i % len(survival)]
        yield "forest", forest[i % len(forest)]
        yield "board", board[i % len(board)]


async def one_link(stream: str, page: str, params: dict) -> None:
    """Open a link as a browser does: a new session (a new WebSocket), a rerun with the page and the query string,
    read until the script has finished. (A session reads its URL once: later reruns keep its filters.)"""
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode({k: v for k, v in params.items() if v not in ("any", "all")})
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if forward.WhichOneof("type") == "script_finished":
                return


async def user(url: str, views, stop_at: float, runs: list, dropped: list) -> None:
    """One surgeon opening one link after another until the time is up."""
    parts = urlsplit(url)
    stream = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
    while time.perf_counter() < stop_at:
        page, params = next(views)
        start = time.perf_counter()
        try:
            await one_link(stream, page, params)
        except (TimeoutError, OSError, websockets.WebSocketException) as err:
            dropped.append(repr(err))
            continue
        runs.append(time.perf_counter() - start)


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, resident MB) of a process and its children's not counted."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return cpu, rss


async def measure(url: str, n: int, seconds: float, pids: list[int]) -> str:
    runs, dropped = [], []
    views = distinct_views(n)  # one stream for all users: no two runs ask for the same view (Forest repeats after 48)
    stop_at = time.perf_counter() + seconds
    cpu0 = sum(proc_stats(p)[0] for p in pids)
    t0 = time.perf_counter()
    await asyncio.gather(*(user(url, views, stop_at, runs, dropped) for _ in range(n)))
    elapsed = time.perf_counter() - t0
    stats = [proc_stats(p) for p in pids]
    cpu1, rss = sum(c for c, _ in stats), sum(r for _, r in stats)
    ms = sorted(1000 * r for r in runs) or [float("nan")]
    p95 = ms[int(0.95 * (len(ms) - 1))]
    server = f"{100 * (cpu1 - cpu0) / elapsed:>7.0f}%{rss:>8.0f} MB" if pids else f"{'':>8}{'':>11}"
    return f"{n:>4}{len(runs):>7}{len(runs) / elapsed:>9.2f}{statistics.median(ms):>9.0f}{p95:>9.0f}{len(dropped):>8}{server}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,5,10,20,40")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--replicas", type=int, default=0, help="N replicas behind nginx (deploy/nginx) instead of one")
    parser.add_argument("--url", help="measure a running server instead")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.url:
            url, pids = args.url, []
        elif args.replicas:
            cluster = stack.enter_context(behind_nginx(args.replicas))
            url, pids = cluster.url, [p.pid for p in cluster.replicas.values()]
        else:
            port = free_port()
            server = start_streamlit(SERVER, port)
            stack.callback(server.wait, 20)
            stack.callback(server.terminate)
            url, pids = f"http://127.0.0.1:{port}", [server.pid]
        print(f"{url}: distinct views over Survival, Forest and Board, {args.seconds:g} s per N; server figures summed")
        print(f"{'N':>4}{'runs':>7}{'runs/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'dropped':>8}{'cpu':>8}{'rss':>11}")
        for n in (int(x) for x in args.sessions.split(",")):
            print(asyncio.run(measure(url, n, args.seconds, pids)), flush=True)


if __name__ == "__main__":
    main()
