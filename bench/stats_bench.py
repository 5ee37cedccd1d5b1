"""Speed of the statistics a view needs, as medians of repeated runs (a benchmark, not a test).

Run: .venv/bin/python bench/stats_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stats.meta import leave_one_out, random_effects  # noqa: E402
from stats.survival import curve_from_landmarks  # noqa: E402


def median_seconds(fn, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(1)
    print(f"{'task':<44}{'median (ms)':>12}")
    for k in (5, 50, 500):
        y = rng.normal(0.5, 0.4, k)
        v = rng.uniform(0.01, 0.2, k)
        for method, test in (("REML", "knha"), ("DL", "z"), ("PM", "z")):
            ms = 1000 * median_seconds(lambda y=y, v=v, m=method, t=test: random_effects(y, v, m, t))
            print(f"{f'pool k={k} {method}/{test} (incl. Q-profile CI)':<44}{ms:>12.2f}")
    y, v = rng.normal(0.5, 0.4, 50), rng.uniform(0.01, 0.2, 50)
    print(f"{'leave-one-out k=50 REML':<44}{1000 * median_seconds(lambda: leave_one_out(y, v), 5):>12.2f}")
    grid = np.linspace(0, 10, 200)
    ms = 1000 * median_seconds(lambda: curve_from_landmarks([1, 5, 10], [0.9, 0.7, 0.5], n=200).at(grid))
    print(f"{'curve from 3 landmarks, 200-point grid':<44}{ms:>12.2f}")
    print("IPD reconstruction (Guyot 2012): not yet implemented (issue 3 stays open for it).")


if __name__ == "__main__":
    main()
