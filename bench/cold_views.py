"""Cold views: how long a view and its figure take when no cache holds them (issue 22), in-process, on the shipped
evidence or `--data DIR`. Draws N distinct random filter combinations (seeded) over the filters each page reads, and
prints the median, p90 and max per page: Survival view, Survival figure, Board view, Forest view.

    python bench/cold_views.py [N] [--data DIR] [--profile survival|board|forest]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import evidence  # noqa: E402
from components.figures.palette import study_colours  # noqa: E402
from components.figures.survival import survival_figure  # noqa: E402
from views.board import board_view  # noqa: E402
from views.filters import DEFAULT, FILTERS, allowed_values  # noqa: E402
from views.forest import forest_view  # noqa: E402
from views.labels import Labels  # noqa: E402
from views.survival import survival_view  # noqa: E402

SURVIVAL_FIELDS = ("endpoint", "primary_site", "extrahepatic", "margin", "grade", "functional", "treatment", "compare")
BOARD_FIELDS = ("primary_site", "extrahepatic", "margin", "grade", "ki67", "functional", "primary_resected", "timing")


def combos(allowed, fields, n, rng):
    """n distinct filter combinations over `fields` (the rest default)."""
    seen, out = set(), []
    for _ in range(n * 50):
        values = tuple(rng.choice(allowed[f]) for f in fields if f in allowed)
        if values not in seen:
            seen.add(values)
            out.append(
                dataclasses.replace(DEFAULT, **dict(zip([f for f in fields if f in allowed], values, strict=True)))
            )
        if len(out) == n:
            break
    return out


def timed(fn, items):
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - start)
    return times


def line(name, times):
    ms = sorted(1000 * t for t in times)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return f"{name:<18}{len(ms):>5}{statistics.median(ms):>10.1f}{p90:>10.1f}{ms[-1]:>10.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--data", default=None)
    parser.add_argument("--profile", choices=("survival", "board", "forest"))
    args = parser.parse_args()
    start = time.perf_counter()
    ev = evidence.load(args.data)
    load_s = time.perf_counter() - start
    labels = Labels.from_evidence(ev)
    allowed = allowed_values(ev.vocabulary)
    colours = study_colours(ev.studies["id"])
    rng = random.Random(22)
    survival_items = combos(allowed, SURVIVAL_FIELDS, args.n, rng)
    board_items = combos(allowed, BOARD_FIELDS, args.n, rng)
    keys = sorted(set(ev.effects["comparison_key"]))
    forest_items = [
        dataclasses.replace(DEFAULT, factor=rng.choice(keys), endpoint="OS", method=rng.choice(("REML", "DL", "PM")))
        for _ in range(args.n)
    ]
    pages = {
        "survival": lambda f: survival_view(ev, f, labels),
        "board": lambda f: board_view(ev, f, labels),
        "forest": lambda f: forest_view(ev, f, labels, f.factor),
    }
    if args.profile:
        items = {"survival": survival_items, "board": board_items, "forest": forest_items}[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        timed(pages[args.profile], items)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        return
    views = [survival_view(ev, f, labels) for f in survival_items[:1]]  # warm imports and the catalog
    del views
    print(f"evidence: {len(ev.studies)} studies, loaded and checked in {load_s:.2f} s; {len(FILTERS)} filters")
    print(f"{'cold, ms':<18}{'n':>5}{'median':>10}{'p90':>10}{'max':>10}")
    survival_times, figure_times = [], []
    for f in survival_items:
        t0 = time.perf_counter()
        view = survival_view(ev, f, labels)
        t1 = time.perf_counter()
        survival_figure(view, colours)
        survival_times.append(t1 - t0)
        figure_times.append(time.perf_counter() - t1)
    print(line("survival view", survival_times))
    print(line("survival figure", figure_times))
    print(line("survival both", [a + b for a, b in zip(survival_times, figure_times, strict=True)]))
    print(line("board view", timed(pages["board"], board_items)))
    print(line("forest view", timed(pages["forest"], forest_items)))


if __name__ == "__main__":
    main()
