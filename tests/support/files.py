"""Paths of the shipped evidence and helpers that edit a copy of its CSV files cell by cell (malformed-input tests)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "evidence" / "data"
SOURCES = ROOT / "evidence" / "sources"


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, row_id: str, field: str, value: str) -> int:
    """Change one cell; returns the 1-based line of the row in the file."""
    header, rows = read_rows(path)
    for index, row in enumerate(rows):
        if row["id"] == row_id:
            row[field] = value
            write_rows(path, header, rows)
            return index + 2
    raise KeyError(row_id)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evidence", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
