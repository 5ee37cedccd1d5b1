"""Timing of the statistics core (not a test): python bench/stats_bench.py

Prints the median of several runs for: random-effects pooling (REML + Hartung–Knapp, with the
Q-profile τ² interval) of 5, 50 and 500 studies; and Guyot reconstruction of a 1,000-patient
arm from its digitised KM curve and yearly risk table. Then what one dashboard view asks of
stats: leave-one-out over 20 studies, a curve through 5 landmarks drawn at 200 times with its
band, and survival pooled across 5 studies.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stats.meta import leave_one_out, random_effects  # noqa: E402
from stats.pooled_survival import pool_survival_at  # noqa: E402
from stats.reconstruct import km_from_ipd, reconstruct_ipd  # noqa: E402
from stats.survival import curve_from_landmarks  # noqa: E402


def median_seconds(run, repeats: int) -> float:
    run()  # warm-up (imports, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pooling_case(k: int, rng: np.random.Generator):
    vi = rng.uniform(0.01, 0.2, k)
    yi = rng.normal(-0.3, np.sqrt(vi + 0.05))
    return lambda: random_effects(yi, vi, method="REML", test="knha")


def reconstruction_case(n: int, rng: np.random.Generator):
    import pandas as pd

    event = rng.exponential(4.0, n)
    censor = np.minimum(rng.uniform(2, 6, n), rng.exponential(20, n))
    ipd = pd.DataFrame({"time": np.maximum(np.minimum(event, censor), 1e-3), "event": (event <= censor).astype(int)})
    km = km_from_ipd(ipd)
    step_t, step_s = np.asarray(km.times), np.asarray(km.survival)
    drops = np.flatnonzero(np.diff(step_s) < 0) + 1
    times = np.concatenate([[0.0], np.repeat(step_t[drops], 2), [ipd.time.max()]])
    survival = np.concatenate([[1.0], np.column_stack([step_s[drops - 1], step_s[drops]]).ravel(), [step_s[-1]]])
    risk_times = np.arange(0.0, ipd.time.max(), 1.0)
    at_risk = np.array([(ipd.time >= t).sum() for t in risk_times])
    return lambda: reconstruct_ipd(times, survival, risk_times, at_risk), len(times)


def main() -> None:
    rng = np.random.default_rng(1)
    print("stats benchmark (median wall time)")
    for k, repeats in ((5, 50), (50, 20), (500, 7)):
        seconds = median_seconds(pooling_case(k, rng), repeats)
        print(f"  random_effects REML + knha, k = {k:>3}: {1000 * seconds:8.2f} ms  (median of {repeats})")
    run, points = reconstruction_case(1000, rng)
    seconds = median_seconds(run, 7)
    print(
        f"  reconstruct_ipd, 1,000 patients ({points} digitised points, yearly risk table): {1000 * seconds:8.2f} ms  (median of 7)"
    )
    for label, run in view_cases(rng):
        print(f"  {label}: {1000 * median_seconds(run, 20):8.2f} ms  (median of 20)")


def view_cases(rng: np.random.Generator):
    vi = rng.uniform(0.01, 0.2, 20)
    yi = rng.normal(-0.3, np.sqrt(vi + 0.05))
    grid = np.linspace(0, 10, 200)

    def landmark_curve():
        curve = curve_from_landmarks([1, 3, 5, 8, 10], [0.95, 0.82, 0.71, 0.6, 0.52], median=None, n=120)
        return curve.at(grid), curve.band(grid)

    return [
        ("leave_one_out REML + knha, k =  20", lambda: leave_one_out(yi, vi, method="REML", test="knha")),
        ("curve_from_landmarks, 5 points, 200 times + band", landmark_curve),
        (
            "pool_survival_at, 5 studies (REML)",
            lambda: pool_survival_at(5, [0.74, 0.61, 0.52, 0.8, 0.66], [120, 45, 60, 200, 85]),
        ),
    ]


if __name__ == "__main__":
    main()
