"""A problem found in the evidence files, and the error that carries all of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row or file.

    `line` is the 1-based line in the CSV file (the header is line 1), or None for
    file-level problems. `row_id` is the row's `id` when it has one.
    """

    file: str
    line: int | None
    row_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.row_id:
            parts.append(f"row id={self.row_id}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return " ".join(parts) + f": {self.message}"


class EvidenceError(ValueError):
    """The evidence files are not valid; nothing was loaded.

    `problems` lists every problem found, one per cell/row/file.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
        head = f"{len(self.problems)} problem(s) in the evidence files"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))
