"""pandera schemas generated from the declarations in `evidence.schema`.

pandera checks what one column can tell on its own: type, required (not null),
allowed values and numeric ranges. Relations between cells, rows and tables are
checked in `evidence.relations`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .problems import Problem
from .schema import BOOL, ENUM, FLOAT, INT, Column, Table

_DTYPES = {INT: "Int64", FLOAT: "float64", BOOL: "boolean"}


def build_schema(table: Table, vocabulary: dict[str, set[str]]) -> pa.DataFrameSchema:
    columns = {col.name: _column(col, vocabulary) for col in table.columns}
    return pa.DataFrameSchema(columns, name=table.name, description=table.description, strict=False, coerce=False)


def _column(col: Column, vocabulary: dict[str, set[str]]) -> pa.Column:
    checks = []
    if col.kind == ENUM:
        allowed = sorted(col.choices or vocabulary.get(col.vocabulary, set()))
        checks.append(pa.Check.isin(allowed, error=f"must be one of: {', '.join(allowed)}"))
    if col.minimum is not None:
        check = pa.Check.gt if col.exclusive_minimum else pa.Check.ge
        sign = ">" if col.exclusive_minimum else "≥"
        checks.append(check(col.minimum, error=f"must be {sign} {col.minimum:g}"))
    if col.maximum is not None:
        checks.append(pa.Check.le(col.maximum, error=f"must be ≤ {col.maximum:g}"))
    return pa.Column(
        _DTYPES.get(col.kind, "object"),
        checks=checks,
        nullable=not col.required,
        required=True,
        description=col.description,
        metadata={"unit": col.unit, "kind": col.kind},
    )


def schema_problems(table: Table, frame: pd.DataFrame, vocabulary: dict[str, set[str]]) -> list[Problem]:
    """Run the pandera schema lazily and turn every failure case into a Problem."""
    try:
        build_schema(table, vocabulary).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return [_problem(table, frame, case) for case in errors.failure_cases.itertuples(index=False)]
    return []


def _problem(table: Table, frame: pd.DataFrame, case) -> Problem:
    index = case.index
    line = row_id = None
    if index is not None and not pd.isna(index) and int(index) in frame.index:
        row = frame.loc[int(index)]
        line = int(row["_line"])
        row_id = row.get("id") if "id" in frame.columns else None
    check = str(case.check)
    if check == "not_nullable":
        message = "is required but empty"
    elif check.startswith("dtype"):
        message = f"has the wrong type ({check})"
    else:
        message = f"{case.failure_case!r} {_hint(table, case.column, case.failure_case, check)}"
    return Problem(table.file_name, line, row_id, case.column, message)


def _hint(table: Table, column: str, value, check: str) -> str:
    col = table.column(column) if column in table.column_names else None
    base = check
    if (
        col is not None and col.unit == "fraction" and isinstance(value, float) and 2 <= value <= 100
    ):  # 1.4 is a typo, 77.4 a percentage
        return f"{base}: looks like a percentage; write it as a fraction ({value / 100:g})"
    return base
