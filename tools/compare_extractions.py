"""Compare two independent extractions of the same documents, field by field.

    python tools/compare_extractions.py DIR_A DIR_B OUT.csv

Rows are paired by what they state (study source + the row's own numbers), not by id, since
each extractor names rows freely. For each pair the listed fields are compared; a row one
extractor has and the other lacks counts as a disagreement on every one of its fields. The
output has one line per compared field with an empty `resolution` column for the curator,
who resolves every disagreement against the document. Prints the agreement rate.
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

KEYS = {
    "survival": (
        ("source", "endpoint", "kind", "time_years", "survival"),
        ("source", "kind", "time_years", "survival"),
        ("source", "time_value", "survival"),
    ),
    "effects": (
        ("source", "estimate", "ci_lower", "ci_upper"),
        ("source", "estimate", "p_value"),
        ("source", "estimate"),
    ),
    "counts": (("source", "numerator", "percent"), ("source", "numerator"), ("source", "percent")),
    "quantities": (("source", "value", "lower", "upper"), ("source", "value")),
    "comparisons": (("source", "endpoint", "p_value", "p_operator"), ("source", "p_value")),
    "cohorts": (("source", "n"),),
    "studies": (("source",),),
}
FIELDS = {
    "survival": ("endpoint", "kind", "time_value", "time_unit", "time_years", "survival", "ci_lower", "ci_upper"),
    "effects": ("endpoint", "analysis", "measure", "estimate", "ci_lower", "ci_upper", "p_value", "p_operator"),
    "counts": ("numerator", "denominator", "percent"),
    "quantities": ("statistic", "value", "lower", "upper"),
    "comparisons": ("endpoint", "p_value", "p_operator"),
    "cohorts": ("n",),
    "studies": (
        "year",
        "journal",
        "volume",
        "issue",
        "pages",
        "doi",
        "n",
        "period_start",
        "period_end",
        "centres",
        "authors_status",
    ),
}


def load(directory: Path, table: str) -> list[dict]:
    path = directory / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if table == "cohorts":
        rows = [r for r in rows if r.get("n")]
    return rows


def norm(value: str | None) -> str:
    text = (value or "").strip()
    try:
        number = float(text)
        return "" if math.isnan(number) else f"{number:.6g}"
    except ValueError:
        return text.lower()


def pair(rows_a: list[dict], rows_b: list[dict], keys) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    left_a, left_b, pairs = list(rows_a), list(rows_b), []
    for key in keys:
        index: dict[tuple, list[dict]] = {}
        for row in left_b:
            index.setdefault(tuple(norm(row.get(k)) for k in key), []).append(row)
        still_a = []
        for row in left_a:
            bucket = index.get(tuple(norm(row.get(k)) for k in key))
            if bucket:
                partner = bucket.pop(0)
                left_b.remove(partner)
                pairs.append((row, partner))
            else:
                still_a.append(row)
        left_a = still_a
    return pairs, left_a, left_b


def compare(dir_a: Path, dir_b: Path) -> list[dict]:
    """Only documents both extractors covered are compared (B may cover a subset)."""
    sources = {r["source"] for r in load(dir_b, "studies")}
    out = []
    for table, keys in KEYS.items():
        rows_a = [r for r in load(dir_a, table) if r.get("source") in sources]
        pairs, only_a, only_b = pair(rows_a, load(dir_b, table), keys)
        for a, b in pairs:
            for field in FIELDS[table]:
                out.append(_line(table, a, b, field, norm(a.get(field)) == norm(b.get(field))))
        for a in only_a:
            out.extend(_line(table, a, None, f, False) for f in FIELDS[table] if a.get(f))
        for b in only_b:
            out.extend(_line(table, None, b, f, False) for f in FIELDS[table] if b.get(f))
    return out


def _line(table: str, a: dict | None, b: dict | None, field: str, agree: bool) -> dict:
    return {
        "table": table,
        "source": (a or b).get("source", ""),
        "id_a": (a or {}).get("id", ""),
        "id_b": (b or {}).get("id", ""),
        "field": field,
        "value_a": (a or {}).get(field, "(row missing)"),
        "value_b": (b or {}).get(field, "(row missing)"),
        "agree": "yes" if agree else "no",
        "quote_b": (b or {}).get("quote", ""),
        "resolution": "",
    }


def main(argv: list[str]) -> int:
    dir_a, dir_b, out_path = Path(argv[0]), Path(argv[1]), Path(argv[2])
    write_and_report(compare(dir_a, dir_b), out_path, tuple(KEYS))
    return 0


def write_and_report(lines: list[dict], out_path: Path, tables: tuple[str, ...]) -> None:
    """The lines to `out_path` for the curator; the agreement rate, overall and per table, to the terminal."""
    with out_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(lines[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(lines)
    agree = sum(line["agree"] == "yes" for line in lines)
    print(f"{agree} of {len(lines)} compared fields agree ({100 * agree / len(lines):.1f}%)")
    for table in tables:
        t = [line for line in lines if line["table"] == table]
        if t:
            print(f"  {table}: {sum(x['agree'] == 'yes' for x in t)}/{len(t)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
