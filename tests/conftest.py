"""Shared fixtures: a writable copy of the shipped evidence for malformed-input tests."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "evidence" / "data"
SOURCES = ROOT / "evidence" / "sources"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


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
    return subprocess.run([sys.executable, "-m", "evidence", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
