"""What the views derive from the evidence once per evidence version, not per view: indexed tables, the vocabulary's
hierarchy, which studies are secondary-only, overlap groups, follow-up texts, and which discrepancies touch which rows.
Read-only: views look things up here and never change them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.relations import split_refs

from .overlap import OverlapGroups
from .select import broader_map


@dataclass(frozen=True)
class Catalog:
    cohorts: pd.DataFrame  # indexed by id (the id column kept)
    studies: pd.DataFrame  # indexed by id (the id column kept)
    broader: dict[tuple[str, str], str]  # (dimension, value) -> the value that contains it (resection ⊂ liver surgery)
    secondary: frozenset[str]  # studies known only from another paper's table
    overlap: OverlapGroups
    follow_up: dict[str, str]  # cohort -> 'median follow-up 47.7 months' (or the study's, said so)
    ancestors: dict[str, frozenset[str]]  # cohort -> the cohorts that contain it
    discrepancies_of: dict[str, tuple[dict, ...]]  # evidence row id -> the discrepancy rows that name it
    cohort_rows: dict[str, dict]  # cohort id -> its row as a dict (row lookups without pandas indexing)
    comparison_rows: tuple[dict, ...]  # comparisons.csv as dicts, in file order
    counts_of: dict[str, tuple[dict, ...]]  # cohort id -> its rows of counts.csv, in file order

    def touching(self, row_ids) -> tuple[dict, ...]:
        """The discrepancy rows that name any of `row_ids`, each once, in table order."""
        seen, out = set(), []
        for rid in row_ids:
            for d in self.discrepancies_of.get(rid, ()):
                if d["id"] not in seen:
                    seen.add(d["id"])
                    out.append(d)
        return tuple(sorted(out, key=lambda d: d["_order"]))


def catalog(ev) -> Catalog:
    memo = getattr(ev, "memo", None)  # an Evidence keeps it; a stand-in table set (tests, an edited copy) builds afresh
    return memo("views.catalog", lambda: _build(ev)) if memo else _build(ev)


def _build(ev) -> Catalog:
    cohorts = ev.cohorts
    parent = {c: p for c, p in zip(cohorts["id"], cohorts["parent_id"], strict=True) if isinstance(p, str) and p}
    ancestors = {}
    for cohort in cohorts["id"]:
        seen, current = set(), parent.get(cohort)
        while current and current not in seen:
            seen.add(current)
            current = parent.get(current)
        ancestors[cohort] = frozenset(seen)
    by_row: dict[str, list[dict]] = {}
    for order, d in enumerate(ev.discrepancies.to_dict("records")):
        for rid in split_refs(d["affected_rows"]):
            by_row.setdefault(rid, []).append(dict(d, _order=order))
    studies = ev.studies
    return Catalog(
        cohorts=cohorts.set_index("id", drop=False),
        studies=studies.set_index("id", drop=False),
        broader=broader_map(ev.vocabulary),
        secondary=frozenset(studies.loc[studies["evidence_level"] == "secondary_only", "id"]),
        overlap=OverlapGroups.from_evidence(ev),
        follow_up=_follow_up_texts(ev, parent),
        ancestors=ancestors,
        discrepancies_of={rid: tuple(ds) for rid, ds in by_row.items()},
        cohort_rows={r["id"]: r for r in cohorts.to_dict("records")},
        comparison_rows=tuple(ev.comparisons.to_dict("records")),
        counts_of=_grouped(ev.counts.to_dict("records"), "cohort_id"),
    )


def _grouped(records: list[dict], key: str) -> dict[str, tuple[dict, ...]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r[key], []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def _follow_up_texts(ev, parent: dict[str, str]) -> dict[str, str]:
    """Cohort id → its median follow-up as the source states it, inherited from the cohort it lies in (said so: a
    study's median follow-up is not an arm's)."""
    quantities = ev.quantities
    medians = quantities[(quantities["measure"] == "follow_up") & (quantities["statistic"] == "median")]
    own = {r["cohort_id"]: f"{r['value']:g} {r['unit']}" for r in medians.to_dict("records")}
    out = {}
    for cohort in ev.cohorts["id"]:
        current, inherited = cohort, False
        while current and current not in own:
            current, inherited = parent.get(current), True
        if current:
            out[cohort] = ("the study's " if inherited else "") + f"median follow-up {own[current]}"
    return out
