"""Releases of the evidence: each with its version id (the tables' content hash), a date and the curator's one-line
reason, and a manifest of every row (table, id, content hash and values) kept in the repository, so that a link or a
PDF made on an older release can say which of its numbers have changed since, from what to what, and why.

    python -m evidence release --reason "Added Xiang 2020; corrected MD Anderson 2010 10-year OS"
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

RELEASES_DIR = Path(__file__).resolve().parent / "releases"
INDEX = "releases.csv"
FIELDS = ("version", "date", "reason")


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    reason: str


@dataclass(frozen=True)
class RowChange:
    """One row that differs between a pinned release and today's evidence."""

    table: str
    row_id: str
    what: str  # 'changed' | 'added' | 'removed'
    fields: tuple[tuple[str, object, object], ...]  # (column, old, new) of a changed row
    release: Release | None  # the first release after the pinned one that has the row as today; None: not released

    def text(self) -> str:
        where = f"{self.table} row {self.row_id}"
        if self.what == "changed":
            detail = "; ".join(f"{c} {_shown(o)} → {_shown(n)}" for c, o, n in self.fields)
            text = f"{where}: {detail}"
        else:
            text = f"{where} {self.what}"
        why = f" ({self.release.version}, {self.release.date}: {self.release.reason})" if self.release else ""
        return text + (why or " (today's evidence, not yet released)")


def _shown(value) -> str:
    return "empty" if value is None else str(value)


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def row_key(table: str, row: dict) -> str:
    """A row's id; the vocabulary, which has none, by dimension and value."""
    return str(row["id"]) if "id" in row else f"{row.get('dimension')}:{row.get('value')}"


def manifest(ev) -> dict[str, dict[str, dict]]:
    """{table: {row id: {column: value}}} of every row of `ev`."""
    out = {}
    for name in ev.table_names:
        frame = ev.table(name)
        out[name] = {row_key(name, r): {k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")}
    return out


def row_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def releases(directory: Path = RELEASES_DIR) -> list[Release]:
    """The recorded releases, oldest first."""
    index = directory / INDEX
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as f:
        return [Release(r["version"], r["date"], r["reason"]) for r in csv.DictReader(f)]


def load_manifest(version: str, directory: Path = RELEASES_DIR) -> dict[str, dict[str, dict]] | None:
    """{table: {row id: values}} of a recorded release, or None (read once per process: releases never change)."""
    return _load_manifest(version, str(directory))


@functools.lru_cache(maxsize=16)
def _load_manifest(version: str, directory: str) -> dict[str, dict[str, dict]] | None:
    path = Path(directory) / "manifests" / f"{version}.json"
    if not path.is_file():
        return None
    stored = json.loads(path.read_text(encoding="utf-8"))
    return {t: {i: row["values"] for i, row in rows.items()} for t, rows in stored.items()}


def record_release(ev, reason: str, on: date | None = None, directory: Path = RELEASES_DIR) -> Release:
    """Record today's evidence as a release; refuses an empty reason or a version already recorded."""
    if not reason.strip():
        raise ValueError("a release needs the curator's one-line reason (--reason)")
    if any(r.version == ev.version for r in releases(directory)):
        raise ValueError(f"version {ev.version} is already released")
    release = Release(ev.version, (on or date.today()).isoformat(), " ".join(reason.split()))
    (directory / "manifests").mkdir(parents=True, exist_ok=True)
    rows = {t: {i: {"hash": row_hash(v), "values": v} for i, v in ids.items()} for t, ids in manifest(ev).items()}
    (directory / "manifests" / f"{release.version}.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=0, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    index = directory / INDEX
    new = not index.is_file()
    with index.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow({"version": release.version, "date": release.date, "reason": release.reason})
    return release


def changes_since(
    pinned: str, ev, row_ids=None, directory: Path = RELEASES_DIR
) -> tuple[Release | None, list[RowChange]] | None:
    """What differs between release `pinned` and today's evidence, for the rows `row_ids` (all rows when None).
    (the pinned release, the changes), or None when `pinned` was never released here."""
    history = releases(directory)
    pinned_release = next((r for r in history if r.version == pinned), None)
    old = load_manifest(pinned, directory) if pinned_release else None
    if old is None:
        return None
    now = manifest(ev)
    later = [r for r in history[history.index(pinned_release) + 1 :]]
    wanted = None if row_ids is None else {str(i) for i in row_ids}
    changes = []
    for table in sorted(set(old) | set(now)):
        before, after = old.get(table, {}), now.get(table, {})
        for row_id in sorted(set(before) | set(after)):
            if wanted is not None and row_id not in wanted:
                continue
            if before.get(row_id) == after.get(row_id):
                continue
            if row_id not in before:
                what, fields = "added", ()
            elif row_id not in after:
                what, fields = "removed", ()
            else:
                what = "changed"
                fields = tuple(
                    (c, before[row_id].get(c), after[row_id].get(c))
                    for c in sorted(set(before[row_id]) | set(after[row_id]))
                    if before[row_id].get(c) != after[row_id].get(c)
                )
                if not fields:  # a column added or dropped empty everywhere: no value of the row changed
                    continue
            changes.append(RowChange(table, row_id, what, fields, _first_with(later, table, row_id, after, directory)))
    return pinned_release, changes


def _first_with(later: list[Release], table: str, row_id: str, today: dict, directory: Path) -> Release | None:
    """The first release after the pinned one whose row is as today's (the release that made the change)."""
    for release in later:
        rows = load_manifest(release.version, directory) or {}
        if rows.get(table, {}).get(row_id) == today.get(row_id):
            return release
    return None
