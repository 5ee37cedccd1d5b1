"""Read one evidence CSV into typed columns, collecting every cell-level problem.

Strict on purpose: the file must be UTF-8, have exactly the declared header, and
every cell must parse as its declared kind. Nothing is coerced silently (a '12%'
in a number column is a problem, not 12).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from .problems import Problem
from .schema import BOOL, ENUM, FLOAT, INT, REF, REFS, STR, Table

TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1"}, {"false", "no", "0"}


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem if it is missing, empty or not UTF-8."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, None, None, None, f"file is missing from {path.parent}"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as err:  # a directory, no permission, an I/O error
        problems.append(Problem(name, None, None, None, f"cannot be read ({err.strerror or type(err).__name__})"))
        return None
    if not raw.strip():
        problems.append(Problem(name, None, None, None, "file is empty (expected a header row and data rows)"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(
                name,
                line,
                None,
                None,
                f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); save the file as UTF-8",
            )
        )
        return None
    return text


def parse_table(table: Table, path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """Parse `path` as `table`; returns None when the file cannot be read at all."""
    text = read_text(path, problems)
    if text is None:
        return None
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    if not _header_ok(table, path.name, header, problems):
        return None
    records, lines = [], []
    for offset, cells in enumerate(body):
        line = offset + 2
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(header):
            problems.append(
                Problem(
                    path.name, line, _row_id(header, cells), None, f"has {len(cells)} cells, header has {len(header)}"
                )
            )
            continue
        records.append(_parse_row(table, path.name, line, dict(zip(header, cells, strict=True)), problems))
        lines.append(line)
    frame = pd.DataFrame.from_records(records, columns=table.column_names)
    frame.insert(0, "_line", lines)
    return _typed(table, frame)


def _row_id(header: list[str], cells: list[str]) -> str | None:
    if "id" in header and header.index("id") < len(cells):
        return cells[header.index("id")].strip() or None
    return None


def _header_ok(table: Table, name: str, header: list[str], problems: list[Problem]) -> bool:
    header = [h.strip() for h in header]
    missing = [c for c in table.column_names if c not in header]
    unknown = [h for h in header if h not in table.column_names]
    for col in missing:
        problems.append(Problem(name, 1, None, col, "column is missing from the header"))
    for col in unknown:
        problems.append(
            Problem(
                name, 1, None, col, f"unknown column (table '{table.name}' declares {', '.join(table.column_names)})"
            )
        )
    dupes = {h for h in header if header.count(h) > 1}
    for col in dupes:
        problems.append(Problem(name, 1, None, col, "column appears more than once in the header"))
    return not (missing or unknown or dupes)


def _parse_row(table: Table, name: str, line: int, raw: dict[str, str], problems: list[Problem]) -> dict:
    row_id = raw.get("id", "").strip() or None
    out = {}
    for col in table.columns:
        text = raw[col.name].strip()
        if text == "":
            out[col.name] = None
            continue
        try:
            out[col.name] = _parse_cell(col.kind, text)
        except ValueError as err:
            problems.append(Problem(name, line, row_id, col.name, str(err)))
            out[col.name] = None
    return out


def _parse_cell(kind: str, text: str):
    if kind in (STR, ENUM, REF):
        return text
    if kind == REFS:
        return ";".join(part.strip() for part in text.split(";") if part.strip())
    if kind == INT:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
    if kind == FLOAT:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number (write 0.668, not 66.8% or text)") from None
        if not math.isfinite(value):
            raise ValueError(f"'{text}' is not a finite number")
        return value
    if kind == BOOL:
        low = text.lower()
        if low in TRUE_WORDS | FALSE_WORDS:
            return low in TRUE_WORDS
        raise ValueError(f"'{text}' is not true/false")
    raise AssertionError(f"unknown column kind {kind}")


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    for col in table.columns:
        if col.kind == INT:
            frame[col.name] = pd.array(frame[col.name], dtype="Int64")
        elif col.kind == FLOAT:
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype("float64")
        elif col.kind == BOOL:
            frame[col.name] = pd.array(frame[col.name], dtype="boolean")
        else:
            frame[col.name] = frame[col.name].astype("object")
    return frame
