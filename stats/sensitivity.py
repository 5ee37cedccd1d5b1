"""Refitting on subsets of the studies: leave-one-out (metafor::leave1out) and cumulative (metafor::cumul).

Each row is a full refit with the same method and test, so τ² is re-estimated every time, as
metafor does (Viechtbauer & Cheung 2010, Res Synth Methods 1:112 for leave-one-out diagnostics).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pooling import MetaResult, check_effects, random_effects

COLUMNS = ("estimate", "se", "z_or_t", "p", "ci_lower", "ci_upper", "q", "q_p", "tau2", "i2", "h2")


def _row(result: MetaResult) -> dict[str, float]:
    return {name: getattr(result, name) for name in COLUMNS}


def _labels(labels, k: int) -> list[str]:
    if labels is None:
        return [str(i + 1) for i in range(k)]
    labels = [str(label) for label in labels]
    if len(labels) != k:
        raise ValueError(f"{len(labels)} labels for {k} studies: give one label per study, in the same order.")
    return labels


def leave_one_out(yi, vi, method: str = "REML", test: str = "z", level: float = 0.95, labels=None) -> pd.DataFrame:
    """Pool all studies but one, for each study in turn (metafor::leave1out).

    Returns
    -------
    DataFrame with one row per omitted study: `omitted` (its label), then estimate, se, z_or_t, p,
    ci_lower, ci_upper, q, q_p, tau2, i2, h2 of the fit without it. Needs k ≥ 2.
    """
    y, v = check_effects(yi, vi)
    if y.size < 2:
        raise ValueError("Leave-one-out needs at least two studies: with one there is nothing left to pool.")
    names = _labels(labels, y.size)
    rows = []
    for index in range(y.size):
        keep = np.arange(y.size) != index
        rows.append({"omitted": names[index], **_row(random_effects(y[keep], v[keep], method, test, level))})
    return pd.DataFrame(rows)


def cumulative(
    yi, vi, order=None, method: str = "REML", test: str = "z", level: float = 0.95, labels=None
) -> pd.DataFrame:
    """Pool the first 1, 2, …, k studies after sorting by `order` (metafor::cumul).

    `order` is a value per study to sort by (e.g. publication year), as in metafor ≥ 3.0; ties
    keep input order (a stable sort, as R's order()). Row j is the fit of the first j studies; the
    first row is the first study alone (τ² = 0). Returns `added` (label of the study added), `k`,
    then the columns of leave_one_out.
    """
    y, v = check_effects(yi, vi)
    names = _labels(labels, y.size)
    if order is None:
        sequence = np.arange(y.size)
    else:
        keys = np.asarray(order)
        if keys.size != y.size:
            raise ValueError(f"order has {keys.size} values for {y.size} studies: give one sort key per study.")
        sequence = np.argsort(keys, kind="stable")
    rows = []
    for count in range(1, y.size + 1):
        chosen = sequence[:count]
        result = random_effects(y[chosen], v[chosen], method, test, level)
        rows.append({"added": names[sequence[count - 1]], "k": count, **_row(result)})
    return pd.DataFrame(rows)
