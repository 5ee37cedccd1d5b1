"""A fingerprint of what a view holds (every number, word and flag), for checking that a change meant to make views
faster leaves them identical: 200 seeded random filter combinations per page, one SHA-256 each.

    python -m tests.support.view_digest --write    # record the fingerprints of the views as they are now
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np
import pandas as pd

RECORD = Path(__file__).resolve().parents[1] / "views" / "data" / "view_digests.json"
SURVIVAL_FIELDS = ("endpoint", "primary_site", "extrahepatic", "margin", "grade", "functional", "treatment", "compare")
BOARD_FIELDS = (
    "primary_site", "extrahepatic", "margin", "grade", "ki67", "functional", "primary_resected", "timing", "setting",
    "treatment", "cytoreduction", "endpoint",
)  # fmt: skip
COMBINATIONS = 200


def plain(value):
    """The value as JSON-able data: dataclasses by field, arrays and frames by content, floats to 12 digits."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, pd.DataFrame):
        return {"columns": list(map(str, value.columns)), "rows": plain(value.astype(object).values.tolist())}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else round(float(value), 12)
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if value is pd.NA or value is None:
        return None
    return value if isinstance(value, (str, int, bool)) else repr(value)


def digest(view) -> str:
    return hashlib.sha256(json.dumps(plain(view), sort_keys=True, default=repr).encode()).hexdigest()


def combinations(allowed, fields, count=COMBINATIONS, seed=22):
    from views.filters import DEFAULT

    rng = random.Random(seed)
    names = [f for f in fields if f in allowed]
    out = []
    for _ in range(count):
        out.append(dataclasses.replace(DEFAULT, **{f: rng.choice(allowed[f]) for f in names}))
    return out


def current_digests() -> dict[str, list[str]]:
    import evidence
    from views.board import board_view
    from views.filters import allowed_values
    from views.labels import Labels
    from views.survival import survival_view

    ev = evidence.load()
    labels = Labels.from_evidence(ev)
    allowed = allowed_values(ev.vocabulary)
    return {
        "survival": [digest(survival_view(ev, f, labels)) for f in combinations(allowed, SURVIVAL_FIELDS)],
        "board": [digest(board_view(ev, f, labels)) for f in combinations(allowed, BOARD_FIELDS, seed=23)],
    }


if __name__ == "__main__":
    if "--write" in sys.argv:
        RECORD.write_text(json.dumps(current_digests(), indent=0) + "\n")
        print(f"wrote {RECORD}")
