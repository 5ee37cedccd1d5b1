"""Compare two independent extractions of one multi-study document, field by field.

    python tools/compare_further.py DIR_A DIR_B OUT.csv [--source further_studies.md]

A generalisation of `compare_extractions.py` (written for the five seed documents, one study
each) to a document that holds many studies and reviews:

- only rows whose `source` is the given document are compared (default: further_studies.md);
- studies are paired by id, DOI, PMID, title, then first author + year + n, never by source
  alone (one source holds 21 studies);
- every other row is paired first within the same (paired) study, then by the document's
  numbers as in the original tool, so that equal numbers of two studies (5-year OS 74% in two
  series) are not paired across studies;
- the reviews table is compared too (paired within the same address, then by numbers);
- en and em dashes count as hyphens ("375–382" = "375-382"): typography, not a value.

Output has the columns of the original tool plus `study_a` / `study_b`, one line per compared
field, with an empty `resolution` for the curator. Prints the agreement rate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script beside the seed tool
import compare_extractions as seed  # noqa: E402

KEYS = {
    "survival": (
        ("endpoint", "kind", "time_years", "survival"),
        ("kind", "time_years", "survival"),
        ("time_value", "survival"),
    ),
    "effects": (("estimate", "ci_lower", "ci_upper"), ("estimate", "p_value"), ("estimate",), ("factor", "p_value")),
    "counts": (("numerator", "percent"), ("numerator",), ("percent",)),
    "quantities": (("value", "lower", "upper"), ("value",)),
    "comparisons": (("endpoint", "p_value", "p_operator"), ("p_value",)),
    "cohorts": (("n",),),
    "reviews": (("value", "lower", "upper"), ("lower", "upper"), ("value",)),
}
FIELDS = {
    **seed.FIELDS,
    "reviews": (
        "citation_status",
        "kind",
        "search_end_year",
        "n_studies",
        "n_patients",
        "endpoint",
        "measure",
        "value",
        "lower",
        "upper",
        "interval",
        "unit",
        "p_value",
        "p_operator",
    ),
}
TABLE_ORDER = ("studies", "cohorts", "survival", "comparisons", "effects", "counts", "quantities", "reviews")
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-"})


def load(directory: Path, table: str, source: str) -> list[dict]:
    return [r for r in seed.load(directory, table) if r.get("source") == source]


def norm(value: str | None) -> str:
    return seed.norm((value or "").translate(DASHES))


def _title(row: dict) -> str:
    return "".join(ch for ch in (row.get("title") or "").lower() if ch.isalnum())


def pair_studies(rows_a: list[dict], rows_b: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    keys = (
        lambda r: r["id"],
        lambda r: (r.get("doi") or "").lower(),
        lambda r: r.get("pmid") or "",
        _title,
        lambda r: (norm(r.get("first_author")), norm(r.get("year")), norm(r.get("n"))) if r.get("first_author") else "",
        lambda r: (norm(r.get("n")), norm(r.get("period_start")), norm(r.get("period_end"))) if r.get("n") else "",
    )
    left_a, left_b, pairs = list(rows_a), list(rows_b), []
    for key in keys:
        still_a = []
        for a in left_a:
            ka = key(a)
            partner = next((b for b in left_b if ka and key(b) == ka), None)
            if partner is None:
                still_a.append(a)
            else:
                left_b.remove(partner)
                pairs.append((a, partner))
        left_a = still_a
    return pairs, left_a, left_b


def pair(
    rows_a: list[dict], rows_b: list[dict], keys, group_a, group_b
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair within the same group (study) first, then across groups, key by key."""
    left_a, left_b, pairs = list(rows_a), list(rows_b), []
    for grouped in (True, False):
        for key in keys:
            index: dict[tuple, list[dict]] = {}
            for row in left_b:
                index.setdefault(
                    ((group_b(row),) if grouped else ()) + tuple(norm(row.get(k)) for k in key), []
                ).append(row)
            still_a = []
            for row in left_a:
                bucket = index.get(((group_a(row),) if grouped else ()) + tuple(norm(row.get(k)) for k in key))
                if bucket:
                    partner = bucket.pop(0)
                    left_b.remove(partner)
                    pairs.append((row, partner))
                else:
                    still_a.append(row)
            left_a = still_a
    return pairs, left_a, left_b


def compare(dir_a: Path, dir_b: Path, source: str) -> list[dict]:
    out = []
    study_pairs, only_a, only_b = pair_studies(load(dir_a, "studies", source), load(dir_b, "studies", source))
    b_to_a = {b["id"]: a["id"] for a, b in study_pairs}
    for a, b in study_pairs:
        out.extend(_line("studies", a, b, f, norm(a.get(f)) == norm(b.get(f))) for f in FIELDS["studies"])
    out.extend(_line("studies", a, None, f, False) for a in only_a for f in FIELDS["studies"] if a.get(f))
    out.extend(_line("studies", None, b, f, False) for b in only_b for f in FIELDS["studies"] if b.get(f))
    for table in TABLE_ORDER[1:]:
        if table == "reviews":
            group_a = group_b = _cite_key
        else:
            group_a, group_b = (lambda r: r["study_id"]), (lambda r: b_to_a.get(r["study_id"], r["study_id"]))
        pairs, only_a, only_b = pair(
            load(dir_a, table, source), load(dir_b, table, source), KEYS[table], group_a, group_b
        )
        for a, b in pairs:
            for field in FIELDS[table]:
                out.append(_line(table, a, b, field, norm(a.get(field)) == norm(b.get(field))))
        out.extend(_line(table, a, None, f, False) for a in only_a for f in FIELDS[table] if a.get(f))
        out.extend(_line(table, None, b, f, False) for b in only_b for f in FIELDS[table] if b.get(f))
    return out


def _cite_key(row: dict) -> str:
    """Reviews are grouped by their DOI / PMID / address (names of reviews differ between extractors)."""
    return (row.get("source_url") or "").lower()


def _line(table: str, a: dict | None, b: dict | None, field: str, agree: bool) -> dict:
    """The seed tool's line with the study (or review) of each side after the row ids."""
    line = seed._line(table, a, b, field, agree)
    head = {k: line.pop(k) for k in ("table", "source", "id_a", "id_b")}
    studies = {
        "study_a": (a or {}).get("study_id", (a or {}).get("review", "")),
        "study_b": (b or {}).get("study_id", (b or {}).get("review", "")),
    }
    return head | studies | line


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir_a", type=Path)
    parser.add_argument("dir_b", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", default="further_studies.md")
    args = parser.parse_args(argv)
    seed.write_and_report(compare(args.dir_a, args.dir_b, args.source), args.out, TABLE_ORDER)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
