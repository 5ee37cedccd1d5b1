"""A synthetic evidence table many times larger than the curated one, for benchmarks only (issue 22): every study and
its rows copied `--copies` times under new ids, titles and labels marked SYNTHETIC, so the checker's rules (verbatim
quotes, numbers in quotes, references, overlap groups) hold exactly as on the real table. Never shipped as evidence:
it refuses to write inside the package, and writes a SYNTHETIC marker that the app shows on every page.

    python tools/synthetic_evidence.py OUT_DIR [--copies 100]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidence.loader import CURATED_ON_FILE, DATA_DIR, SYNTHETIC_MARKER  # noqa: E402
from evidence.schema import REF, REFS, TABLES  # noqa: E402

# a study and every row that belongs to one (the reviews table is shared, kept once)
CLONED = ("studies", *(name for name, table in TABLES.items() if "study_id" in table.column_names))


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(DATA_DIR / TABLES[name].file_name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def renamed(value: str, copy: int, cloned: set[str]) -> str:
    return ";".join(f"{part}_s{copy}" if part in cloned else part for part in value.split(";"))


def copied_row(name: str, row: dict[str, str], copy: int, cloned: set[str]) -> dict[str, str]:
    """Copy `copy` of a row: its id, every reference to a copied row and the study's overlap group renamed; copy 0 is
    the real row."""
    if copy == 0:
        return row
    out = dict(row)
    for column in TABLES[name].columns:
        if (column.name == "id" or column.kind in (REF, REFS)) and out.get(column.name):
            out[column.name] = renamed(out[column.name], copy, cloned)
    if name == "studies":
        out["title"] = f"{out['title']} [SYNTHETIC copy {copy}]" if out["title"] else ""
        out["short_label"] = f"{out['short_label']} · synthetic {copy}"
        out["doi"], out["pmid"] = "", ""
        if out.get("overlap_group") not in ("", "none"):
            out["overlap_group"] = f"{out['overlap_group']}_s{copy}"
    return out


def write(out_dir: Path, copies: int) -> dict[str, int]:
    if out_dir.resolve().is_relative_to(ROOT / "evidence"):
        raise SystemExit(f"refusing to write synthetic evidence inside {ROOT / 'evidence'}: it must never ship")
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {name: read(name) for name in TABLES}
    cloned = {row["id"] for name in CLONED for row in tables[name][1] if row.get("id")}
    sizes = {}
    for name, table in TABLES.items():
        fields, rows = tables[name]
        out_rows = [copied_row(name, row, k, cloned) for k in range(copies) for row in rows] if name in CLONED else rows
        with open(out_dir / table.file_name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out_rows)
        sizes[name] = len(out_rows)
    (out_dir / CURATED_ON_FILE).write_text(f"SYNTHETIC ({copies} copies of the curated table)\n", encoding="utf-8")
    (out_dir / SYNTHETIC_MARKER).write_text(
        f"Synthetic benchmark data: {copies} copies of the curated evidence under new ids. Not evidence.\n",
        encoding="utf-8",
    )
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    shutil.rmtree(args.out_dir, ignore_errors=True)
    sizes = write(args.out_dir, args.copies)
    print(", ".join(f"{name} {n:,}" for name, n in sizes.items()), f"rows written to {args.out_dir}")


if __name__ == "__main__":
    main()
