"""Checks that need more than one cell: within a row, across rows, across tables.

Each check returns Problems; none raises. Where a source itself breaks a rule
(survival that rises, a percentage that does not match its count, a p-value its
CI cannot give), the row passes only if a discrepancy row names it: the
contradiction is recorded, never silently accepted.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from scipy import stats as sp

from .numbers import normalised, numbers_in, stated
from .problems import Problem
from .schema import COHORT_DIMENSIONS, REF, REFS, TABLES

MAX_PLAUSIBLE_YEARS = 40.0  # no NELM series has followed patients for longer
HOLDS_EVERY_VALUE = {("treatment", "mixed")}  # a mixed-treatment cohort's subgroups may have any treatment
YEARS_PER = {"years": 1.0, "months": 1 / 12, "days": 1 / 365.25}


def rows(frame: pd.DataFrame) -> Iterator[dict]:
    """Each row as a dict of native values, None for missing (column-wise: to_dict per cell is 10× slower at 100×)."""
    columns = list(frame.columns)
    cells = frame.astype(object).where(frame.notna(), None)
    for values in cells.itertuples(index=False, name=None):
        yield dict(zip(columns, values, strict=True))


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _at(table: str, row: dict, field: str | None, message: str) -> Problem:
    return Problem(TABLES[table].file_name, row.get("_line"), row.get("id"), field, message)


def split_refs(value) -> list[str]:
    """The ids of a REFS cell ('a;b;c'), none for an empty one."""
    return [] if _missing(value) else [ref for ref in str(value).split(";") if ref]


def acknowledged(tables: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """Row id -> kinds of discrepancy rows that name it in affected_rows."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows(tables["discrepancies"]):
        for rid in split_refs(row["affected_rows"]):
            out[rid].add(row["kind"])
    return out


# --- identity and references -------------------------------------------------


def duplicate_ids(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems, first_seen = [], {}
    for name, frame in tables.items():
        if "id" not in frame.columns:
            continue
        for row in rows(frame):
            rid = row["id"]
            if rid is None:
                continue
            if rid in first_seen:
                other_table, other_line = first_seen[rid]
                problems.append(
                    _at(name, row, "id", f"duplicate id '{rid}' (first used in {other_table}.csv line {other_line})")
                )
            else:
                first_seen[rid] = (name, row["_line"])
    return problems


def references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    ids = {name: set(f["id"].dropna()) for name, f in tables.items() if "id" in f.columns}
    every_id = set().union(*ids.values())
    problems = []
    for name, frame in tables.items():
        for col in TABLES[name].columns:
            if col.kind not in (REF, REFS):
                continue
            known = every_id if col.ref == "*" else ids[col.ref]
            for row in rows(frame):
                for target in (row[col.name] or "").split(";"):
                    if target and target not in known:
                        where = "any table" if col.ref == "*" else f"{col.ref}.csv"
                        problems.append(_at(name, row, col.name, f"'{target}' does not match any id in {where}"))
    return problems


def same_study(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A row's cohort must belong to the row's study."""
    cohort_study = dict(zip(tables["cohorts"]["id"], tables["cohorts"]["study_id"], strict=True))
    problems = []
    for name in ("survival", "effects", "counts", "quantities"):
        for row in rows(tables[name]):
            owner = cohort_study.get(row["cohort_id"])
            if owner is not None and owner != row["study_id"]:
                problems.append(
                    _at(
                        name,
                        row,
                        "cohort_id",
                        f"cohort '{row['cohort_id']}' belongs to study '{owner}', not '{row['study_id']}'",
                    )
                )
    for row in rows(tables["comparisons"]):
        for cid in (row["cohort_ids"] or "").split(";"):
            owner = cohort_study.get(cid)
            if owner is not None and owner != row["study_id"]:
                problems.append(_at("comparisons", row, "cohort_ids", f"cohort '{cid}' belongs to study '{owner}'"))
    return problems


def duplicate_studies(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The same publication entered twice (same DOI, PMID or title)."""
    problems, seen = [], {}
    for row in rows(tables["studies"]):
        keys = [("DOI", (row["doi"] or "").lower()), ("PMID", row["pmid"] or ""), ("title", _title_key(row["title"]))]
        for label, key in keys:
            if not key:
                continue
            if (label, key) in seen:
                problems.append(
                    _at(
                        "studies",
                        row,
                        label.lower(),
                        f"same {label} as study '{seen[(label, key)]}': this publication is already in the table",
                    )
                )
            else:
                seen[(label, key)] = row["id"]
    return problems


def _title_key(title: str | None) -> str:
    return "".join(ch for ch in (title or "").lower() if ch.isalnum())


# --- provenance -------------------------------------------------------------


QUOTE_FIELDS = ("quote", "size_quote", "overlap_quote", "time_origin_quote", "grade_quote")


def provenance(tables: dict[str, pd.DataFrame], sources_dir: Path) -> list[Problem]:
    """Each source file exists, and each quote is a verbatim span of it."""
    problems, texts = [], {}
    quoted = [name for name, table in TABLES.items() if set(QUOTE_FIELDS) & set(table.column_names)]
    for name in quoted:
        for row in rows(tables[name]):
            source = row["source"]
            if source is None:
                continue
            if source not in texts:
                path = sources_dir / source
                texts[source] = normalised(path.read_text(encoding="utf-8")) if path.is_file() else None
            if texts[source] is None:
                problems.append(_at(name, row, "source", f"'{source}' is not a file in {sources_dir}"))
            else:
                for field in QUOTE_FIELDS:
                    if row.get(field) and normalised(row[field]) not in texts[source]:
                        problems.append(_at(name, row, field, f"is not found verbatim in {source}"))
    return problems


_ZERO_WORDS = re.compile(r"\b(no|none|zero|nil)\b", re.IGNORECASE)
_STATED_FIELDS = {
    "survival": [
        ("survival", True),
        ("ci_lower", True),
        ("ci_upper", True),
        ("time_value", False),
        ("time_ci_lower", False),
        ("time_ci_upper", False),
    ],
    "effects": [("estimate", False), ("ci_lower", False), ("ci_upper", False), ("p_value", False)],
    "comparisons": [("p_value", False)],
    "counts": [("numerator", False), ("percent", False)],
    "quantities": [("value", False), ("lower", False), ("upper", False)],
    "cohorts": [("n", False)],
    "reviews": [("value", False), ("lower", False), ("upper", False), ("p_value", False)],
}
_SIZE_FIELDS = ("n_studies", "n_patients")


def values_in_quotes(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every reported number of a row appears in the row's own quote."""
    problems = []
    for name, fields in _STATED_FIELDS.items():
        for row in rows(tables[name]):
            if not row.get("quote"):
                continue
            found = numbers_in(row["quote"])
            for field, as_percent in fields:
                value = row.get(field)
                if value is None or (value == 0 and _ZERO_WORDS.search(row["quote"])):
                    continue
                if not stated(float(value), found, as_percent=as_percent):
                    shown = f"{value:g}" if isinstance(value, float) else str(value)
                    problems.append(_at(name, row, field, f"value {shown} is not stated in the row's quote"))
    for row in rows(tables["reviews"]):
        found = numbers_in(row["size_quote"] or "")
        for field in _SIZE_FIELDS:
            if row[field] is not None and not stated(float(row[field]), found):
                problems.append(_at("reviews", row, field, f"value {row[field]} is not stated in the row's size_quote"))
    return problems


# --- row rules ---------------------------------------------------------------


def survival_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for row in rows(tables["survival"]):
        kind = row["kind"]
        if kind in ("landmark", "median"):
            for field in ("time_value", "time_unit", "time_years"):
                if row[field] is None:
                    problems.append(_at("survival", row, field, f"is required for a {kind}"))
        if kind == "landmark" and row["survival"] is None:
            problems.append(_at("survival", row, "survival", "is required for a landmark"))
        if kind != "landmark" and row["survival"] is not None:
            problems.append(_at("survival", row, "survival", f"must be empty for a {kind} (the median is a time)"))
        problems += _time_problems("survival", row)
        problems += _interval_problems("survival", row, "survival", "ci_lower", "ci_upper")
        if row["time_value"] is not None:
            problems += _interval_problems("survival", row, "time_value", "time_ci_lower", "time_ci_upper")
    return problems


def _time_problems(table: str, row: dict) -> list[Problem]:
    value, unit, years = row["time_value"], row["time_unit"], row["time_years"]
    if value is None or unit not in YEARS_PER or years is None:
        return []
    expected = value * YEARS_PER[unit]
    problems = []
    if abs(expected - years) > 0.01:
        problems.append(
            _at(table, row, "time_years", f"{years:g} does not equal {value:g} {unit} ({expected:.3f} years)")
        )
    if years > MAX_PLAUSIBLE_YEARS:
        problems.append(
            _at(
                table,
                row,
                "time_years",
                f"{years:g} years is longer than any NELM series: was a time in months entered as years?",
            )
        )
    return problems


def _interval_problems(table: str, row: dict, estimate: str, lower: str, upper: str) -> list[Problem]:
    lo, est, hi = row.get(lower), row.get(estimate), row.get(upper)
    if lo is None and hi is None:
        return []
    if (lo is None) != (hi is None):
        return [_at(table, row, lower if lo is None else upper, "one confidence limit is given without the other")]
    if lo > hi:
        return [
            _at(
                table,
                row,
                lower,
                f"lower limit {lo:g} is above upper limit {hi:g}: were the limits typed in the wrong order?",
            )
        ]
    if est is not None and not (lo <= est <= hi):
        return [_at(table, row, estimate, f"{est:g} lies outside its interval {lo:g}–{hi:g}")]
    return []


def effect_rows(tables: dict[str, pd.DataFrame], acknowledged_rows: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for row in rows(tables["effects"]):
        problems += _interval_problems("effects", row, "estimate", "ci_lower", "ci_upper")
        if row["estimate"] is None and row["p_value"] is None and row["direction"] in (None, "not_stated"):
            problems.append(
                _at(
                    "effects",
                    row,
                    "estimate",
                    "an effect needs an estimate, a p-value, or the direction the source states",
                )
            )
        problems += _direction_problems(row)
        if (row["p_value"] is None) != (row["p_operator"] is None):
            problems.append(_at("effects", row, "p_operator", "p_value and p_operator go together"))
        if _p_contradicts_ci(row) and "p_vs_ci" not in acknowledged_rows.get(row["id"], set()):
            implied = implied_p_range(row["estimate"], row["ci_lower"], row["ci_upper"], row["ci_level"] or 0.95)
            problems.append(
                _at(
                    "effects",
                    row,
                    "p_value",
                    f"p {row['p_operator']} {row['p_value']:g} cannot come from CI {row['ci_lower']:g}–{row['ci_upper']:g} "
                    f"(implied p between {implied[0]:.2g} and {implied[1]:.2g}); record a 'p_vs_ci' discrepancy naming this row",
                )
            )
    return problems


def _direction_problems(row: dict) -> list[Problem]:
    """A stated direction must agree with the printed ratio: 'worse' is a ratio above 1, 'better' below 1,
    and either is significant (CI clear of 1 or p below 0.05); 'no_difference' is not."""
    direction, estimate = row["direction"], row["estimate"]
    if direction is None or estimate is None or estimate == 1:
        return []
    significant = _significant(row)
    if direction in ("worse", "better") and (estimate > 1) != (direction == "worse"):
        return [
            _at(
                "effects",
                row,
                "direction",
                f"'{direction}' but the ratio is {estimate:g}: a ratio above 1 means the level fares worse",
            )
        ]
    if direction in ("worse", "better") and significant is False:
        return [
            _at(
                "effects",
                row,
                "direction",
                f"'{direction}' but the estimate is not significant (CI includes 1 or p ≥ 0.05): use 'no_difference'",
            )
        ]
    if direction == "no_difference" and significant is True:
        return [_at("effects", row, "direction", "'no_difference' but the CI excludes 1 or p < 0.05")]
    return []


def _significant(row: dict) -> bool | None:
    """Is the estimate significant at 5%? None when neither a CI nor a p-value says."""
    if row["ci_lower"] is not None and row["ci_upper"] is not None:
        return not (row["ci_lower"] < 1 < row["ci_upper"])
    if row["p_value"] is not None and row["p_operator"] in ("=", "<", "<=", "~"):
        return row["p_value"] < 0.05 or (row["p_operator"] in ("<", "<=") and row["p_value"] <= 0.05)
    return None


def implied_p_range(estimate: float, lower: float, upper: float, level: float = 0.95) -> tuple[float, float]:
    """Range of two-sided Wald p-values consistent with a CI printed to its precision.

    Each printed limit may have been rounded by up to half a unit of its last digit;
    the p-value is recomputed at the extremes (Tierney et al. 2007: SE = (ln U − ln L) / (2 z)).
    """
    zq = sp.norm.ppf(0.5 + level / 2)
    # A float forgets trailing zeros ('1.00' -> 1.0): take the precision of the most precisely printed of the three.
    decimals = max(_decimals(v) for v in (estimate, lower, upper))
    pvals = []
    for lo in _rounding_span(lower, decimals):
        for hi in _rounding_span(upper, decimals):
            for est in _rounding_span(estimate, decimals):
                if lo <= 0 or hi <= lo or est <= 0:
                    continue
                se = (math.log(hi) - math.log(lo)) / (2 * zq)
                pvals.append(2 * sp.norm.sf(abs(math.log(est)) / se))
    return (min(pvals), max(pvals)) if pvals else (0.0, 1.0)


def _decimals(value: float) -> int:
    text = f"{value:.10g}"
    return len(text.split(".")[1]) if "." in text else 0


def _rounding_span(value: float, decimals: int | None = None) -> tuple[float, float]:
    half = 0.5 * 10 ** (-(_decimals(value) if decimals is None else decimals))
    return (value - half, value + half)


def _p_contradicts_ci(row: dict) -> bool:
    needed = (row["estimate"], row["ci_lower"], row["ci_upper"], row["p_value"], row["p_operator"])
    if any(v is None for v in needed) or row["p_operator"] == "~":
        return False
    low, high = implied_p_range(row["estimate"], row["ci_lower"], row["ci_upper"], row["ci_level"] or 0.95)
    p_low, p_high = _rounding_span(row["p_value"])
    if row["p_operator"] in ("<", "<="):
        return low >= row["p_value"]
    if row["p_operator"] == ">":
        return high <= row["p_value"]
    # '=' : the printed p must overlap the implied range, with a factor of 2 for rounding of the printed p itself
    return p_high * 2 < low or p_low / 2 > high


def count_rows(tables: dict[str, pd.DataFrame], acknowledged_rows: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for row in rows(tables["counts"]):
        num, den, pct = row["numerator"], row["denominator"], row["percent"]
        if num is None and pct is None:
            problems.append(_at("counts", row, "numerator", "a count needs a numerator or a percent"))
        if num is not None and den is not None and num > den:
            problems.append(_at("counts", row, "numerator", f"{num} is larger than its denominator {den}"))
        if pct is not None and num is not None and den:
            actual = 100 * num / den
            if 0 < pct <= 1 and actual > 1.5:
                problems.append(
                    _at(
                        "counts",
                        row,
                        "percent",
                        f"{pct:g} looks like a fraction; the percent column takes 0–100 ({actual:.1f} from {num}/{den})",
                    )
                )
            elif abs(actual - pct) > _percent_tolerance(pct) and "percent_vs_count" not in acknowledged_rows.get(
                row["id"], set()
            ):
                problems.append(
                    _at(
                        "counts",
                        row,
                        "percent",
                        f"{pct:g}% does not match {num}/{den} = {actual:.2f}%; fix it or record a 'percent_vs_count' discrepancy naming this row",
                    )
                )
    return problems


def _percent_tolerance(pct: float) -> float:
    """One unit of the last printed decimal: allows rounding and truncation, nothing more."""
    return 0.1 + 1e-9 if pct != round(pct) else 1.0 + 1e-9


def quantity_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for row in rows(tables["quantities"]):
        if row["value"] is None and row["lower"] is None:
            problems.append(_at("quantities", row, "value", "needs a value or a range"))
        if (row["lower"] is not None or row["upper"] is not None) and row["interval"] is None:
            problems.append(_at("quantities", row, "interval", "say what lower/upper are (range, ci95, iqr)"))
        problems += _interval_problems("quantities", row, "value", "lower", "upper")
    return problems


def review_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for row in rows(tables["reviews"]):
        problems += _interval_problems("reviews", row, "value", "lower", "upper")
        if (row["lower"] is not None or row["upper"] is not None) and row["interval"] is None:
            problems.append(_at("reviews", row, "interval", "say what lower/upper are (ci95 or range)"))
    return problems


def study_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for row in rows(tables["studies"]):
        start, end, year = row["period_start"], row["period_end"], row["year"]
        if start is not None and end is not None and start > end:
            problems.append(_at("studies", row, "period_start", f"accrual starts ({start}) after it ends ({end})"))
        if year is not None and end is not None and end > year:
            problems.append(_at("studies", row, "period_end", f"accrual ends ({end}) after publication ({year})"))
        if row["authors_status"] in ("stated", "partial") and not row["authors"]:
            problems.append(
                _at("studies", row, "authors", f"authors_status is '{row['authors_status']}' but no authors are given")
            )
    return problems


def overlap_decisions(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every study says whether it shares patients with another (required by the schema); a group is
    named only with its status, and only where another study shares it (a lone group is a typo)."""
    studies = list(rows(tables["studies"]))
    members: dict[str, int] = defaultdict(int)
    for row in studies:
        members[row["overlap_group"] or ""] += 1
    problems = []
    for row in studies:
        group, status = row["overlap_group"], row["overlap_status"]
        if group is None or status is None:
            continue  # the schema reports the missing decision
        if (group == "none") != (status == "none"):
            problems.append(
                _at(
                    "studies",
                    row,
                    "overlap_status",
                    f"overlap_group '{group}' with overlap_status '{status}': "
                    "use 'none' for both, or name the group and say whether it is stated or inferred",
                )
            )
        elif group != "none" and members[group] < 2:
            problems.append(
                _at(
                    "studies",
                    row,
                    "overlap_group",
                    f"'{group}' is shared by no other study: name the group the other "
                    "study uses, or 'none' if the patients are not shared",
                )
            )
        if status == "stated" and not row["overlap_quote"]:
            problems.append(
                _at("studies", row, "overlap_quote", "an overlap the source states needs the source's words")
            )
        if status == "inferred" and not row["overlap_note"]:
            problems.append(
                _at("studies", row, "overlap_note", "an inferred overlap needs a note saying what it rests on")
            )
    return problems


def grade_quotes(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A cohort restricted to a grade says so in the source's words (checked verbatim by `provenance`)."""
    return [
        _at("cohorts", row, "grade_quote", f"grade '{row['grade']}' needs the source's words that state it")
        for row in rows(tables["cohorts"])
        if row["grade"] not in (None, "any") and not row["grade_quote"]
    ]


def treatment_codes(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A cohort says what its patients received: pools of survival after liver surgery depend on it."""
    return [
        _at(
            "cohorts",
            row,
            "treatment",
            "'any' is a filter value, not a treatment: code what the patients received "
            "(liver_surgery, resection, no_surgery, or mixed); only cohorts treated with liver surgery are pooled",
        )
        for row in rows(tables["cohorts"])
        if row["treatment"] == "any"
    ]


def time_origins(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for row in rows(tables["survival"]):
        origin = row["time_origin"]
        if origin not in (None, "not_stated") and not row["time_origin_quote"]:
            problems.append(
                _at(
                    "survival",
                    row,
                    "time_origin_quote",
                    f"time counted from '{origin}' needs the source's words that say so; "
                    "if the source does not say, use 'not_stated'",
                )
            )
        if row["endpoint"] == "PRS" and origin not in (None, "recurrence"):
            problems.append(
                _at(
                    "survival",
                    row,
                    "time_origin",
                    f"survival after recurrence is counted from recurrence, not '{origin}'",
                )
            )
    return problems


def cohort_sizes(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    cohorts = {r["id"]: r for r in rows(tables["cohorts"])}
    studies = {r["id"]: r for r in rows(tables["studies"])}
    broader = broader_values(tables)
    problems = []
    for row in cohorts.values():
        parent = cohorts.get(row["parent_id"]) if row["parent_id"] else None
        if parent is not None and row["n"] is not None and parent["n"] is not None and row["n"] > parent["n"]:
            problems.append(
                _at(
                    "cohorts", row, "n", f"{row['n']} is larger than its parent cohort '{parent['id']}' ({parent['n']})"
                )
            )
        study = studies.get(row["study_id"])
        if study and row["n"] is not None and study["n"] is not None and row["n"] > study["n"]:
            problems.append(_at("cohorts", row, "n", f"{row['n']} is larger than the study's n ({study['n']})"))
        for dim in COHORT_DIMENSIONS:
            if (
                parent is not None
                and dim != "matched"
                and (dim, parent[dim]) not in HOLDS_EVERY_VALUE
                and not is_within(broader, dim, row[dim], parent[dim])
            ):
                problems.append(
                    _at("cohorts", row, dim, f"'{row[dim]}' is not within its parent cohort's '{parent[dim]}'")
                )
    return problems


def broader_values(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], str]:
    """(dimension, value) -> the broader value that contains it, from vocabulary.csv."""
    return {(r["dimension"], r["value"]): r["broader"] for r in rows(tables["vocabulary"]) if r["broader"]}


def is_within(broader: dict[tuple[str, str], str], dim: str, value: str, container: str) -> bool:
    """Is `value` the same as, or narrower than, `container` (resection within liver_surgery)?"""
    if container in ("any", "all"):
        return True
    while value is not None:
        if value == container:
            return True
        value = broader.get((dim, value))
    return False


# --- survival curves ---------------------------------------------------------


def survival_consistency(tables: dict[str, pd.DataFrame], acknowledged_rows: dict[str, set[str]]) -> list[Problem]:
    """Within a cohort and endpoint, landmarks fall with time and agree with the median.

    A conflict the source itself contains is accepted only when an
    'impossible_landmarks' discrepancy names every row involved.
    """
    problems, groups = [], {}
    for row in rows(tables["survival"]):  # grouped in Python: one to_dict, not one per cohort (issue 22's 100×)
        groups.setdefault((row["cohort_id"], row["endpoint"]), []).append(row)
    for points in groups.values():
        for a, b, why in _conflicts(points):
            if all("impossible_landmarks" in acknowledged_rows.get(r["id"], set()) for r in (a, b)):
                continue
            problems.append(
                _at(
                    "survival",
                    b,
                    "survival",
                    f"{why} (with row '{a['id']}'); if the source says so, record an 'impossible_landmarks' discrepancy naming both rows",
                )
            )
    return problems


def _conflicts(points: list[dict]) -> Iterator[tuple[dict, dict, str]]:
    landmarks = sorted(
        (p for p in points if p["kind"] == "landmark" and p["time_years"] is not None), key=lambda p: p["time_years"]
    )
    for early, late in zip(landmarks, landmarks[1:], strict=False):
        if late["survival"] > early["survival"] + 1e-12:
            yield (
                early,
                late,
                f"survival rises from {early['survival']:g} at {early['time_years']:g} y to {late['survival']:g} at {late['time_years']:g} y",
            )
    for median in (p for p in points if p["kind"] == "median" and p["time_years"] is not None):
        for lm in landmarks:
            if lm["time_years"] >= median["time_years"] and lm["survival"] > 0.5:
                yield (
                    median,
                    lm,
                    f"median {median['time_years']:g} y but S({lm['time_years']:g} y) = {lm['survival']:g} > 0.5",
                )
            if lm["time_years"] < median["time_years"] and lm["survival"] < 0.5:
                yield (
                    median,
                    lm,
                    f"median {median['time_years']:g} y but S({lm['time_years']:g} y) = {lm['survival']:g} < 0.5 earlier",
                )
