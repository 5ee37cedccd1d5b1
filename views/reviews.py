"""Published reviews and meta-analyses beside our own estimates.

A review's result is a different kind of evidence from a primary series: it already contains
some of the studies we pool, so it is shown next to our pooled estimate for comparison and never
pooled again with them. This module decides, from the columns of the reviews table only, which
review results speak to what is on screen (endpoint; time point; factor), says in words what each
number is (a median of study values is not a pooled estimate), and works out how each review can
overlap with our primary studies (listed inclusions; search end year vs publication year).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .labels import Labels

# What each measure of the reviews table is, in a surgeon's words.
MEASURE_MEANING = {
    "median_of_studies": "median of study values, not a pooled estimate",
    "range_of_studies": "lowest and highest study value; no summary value",
    "HR": "the review's own pooled hazard ratio",
    "OR": "the review's own pooled odds ratio",
    "proportion": "proportion as the review states it",
    "count_only": "size of the review only: the stored text ends before its result",
    "as_printed_unusable": "printed in a form that cannot be a valid value (see note); never used",
}
KIND_LABEL = {
    "meta_analysis": "meta-analysis",
    "systematic_review": "systematic review",
    "narrative_review": "narrative review",
    "consensus_review": "consensus review",
}
# Measures that summarise survival across the review's studies (a survival value or a median time).
SURVIVAL_SUMMARIES = ("median_of_studies", "range_of_studies")
# Measures that compare two groups: the Forest page's kind of number.
RATIO_MEASURES = ("HR", "OR", "as_printed_unusable")
TIME_UNITS = ("days", "months", "years")
# "5-year overall survival", "10-year PFS": the reviews table has no time column, so a landmark's
# time is read from this wording, and only when the wording names exactly one time.
_YEARS_IN_WORDS = re.compile(r"\b(\d+(?:\.\d+)?)-year\b", re.IGNORECASE)
# A time in months or years is a median survival time only when the review's wording says so: Lee 2012's
# "mean duration of symptom reduction" (16–26 months) is a time but not a median, and is not shown as one.
_MEDIAN_IN_WORDS = re.compile(r"\bmedian\b", re.IGNORECASE)
TIME_FROM_COLUMN = "time_years column"
TIME_FROM_WORDING = "read from the review's wording (reviews.csv has no time column)"
NOT_LISTED = "included studies not listed in the stored text"


@dataclass(frozen=True)
class Overlap:
    """How a review can overlap with a set of our primary studies.

    `listed` are our studies the review names as included (includes_studies). When the review
    lists none, a study published after the review's search end cannot be in it; one published
    in or before that year may or may not be.
    """

    search_end_year: int | None
    inclusions_listed: bool
    listed: tuple[str, ...]
    could_include: tuple[str, ...]
    cannot_include: tuple[str, ...]
    year_not_stated: tuple[str, ...]
    years: tuple[tuple[str, int | None], ...] = ()  # publication year of each of our studies considered

    def status(self, study_id: str) -> str:
        """What is known about one of our studies being in this review, in a few words."""
        if study_id in self.listed:
            return "✓ included (listed)"
        if self.inclusions_listed:
            return "✗ not listed"
        if study_id in self.cannot_include:
            return "✗ after search"
        if study_id in self.could_include:
            return "possible"
        if study_id in self.year_not_stated:
            return "? year not stated"
        return "? search end not stated"

    def summary(self, labels: Labels) -> str:
        """A few words for a table cell; `overlap_rows` names the studies."""
        if self.inclusions_listed:
            return "includes " + (", ".join(labels.study(s) for s in self.listed) or "none of ours")
        ours = len(self.could_include) + len(self.cannot_include) + len(self.year_not_stated)
        if self.search_end_year is None:
            return "not listed; search end not stated"
        if not ours:
            return "not listed"
        if ours == 1:
            verdict = (
                "our study could be in it"
                if self.could_include
                else "our study cannot be in it"
                if self.cannot_include
                else "our study's year not stated"
            )
            return f"not listed; {verdict} (search to {self.search_end_year})"
        return f"not listed; {len(self.could_include)} of our {ours} studies could be in it (search to {self.search_end_year})"


@dataclass(frozen=True)
class ReviewResult:
    """One row of the reviews table as the app shows it."""

    id: str
    review: str
    citation: str
    attribution_unconfirmed: bool
    kind: str
    search_period: str
    search_end_year: int | None
    n_studies: int | None
    n_patients: int | None
    comparison: str
    endpoint: str
    measure: str
    meaning: str
    value: float | None
    lower: float | None
    upper: float | None
    interval: str
    unit: str
    value_text: str
    p_text: str
    time_years: float | None  # landmark time of a survival summary; None for medians and comparisons
    time_from: str
    is_median_time: bool  # a summary of median survival times (unit is a time and the wording says median)
    overlap: Overlap
    overlap_note: str
    locator: str
    source: str
    source_url: str
    quote: str
    notes: str
    comparison_key: str = ""  # link to a factor, when the reviews table has such a column

    @property
    def size_text(self) -> str:
        studies = "studies not stated" if self.n_studies is None else f"{self.n_studies} studies"
        patients = "patients not stated" if self.n_patients is None else f"{self.n_patients:,} patients"
        return f"{studies}, {patients}"

    @property
    def label(self) -> str:
        return f"{self.review} ({KIND_LABEL.get(self.kind, self.kind)})"


def review_results(ev, endpoint: str, our_studies, labels: Labels) -> tuple[ReviewResult, ...]:
    """Every review result for `endpoint` (endpoints never mix), with overlap against `our_studies`."""
    reviews = ev.reviews
    reviews = reviews[reviews["endpoint"] == endpoint]
    years = _study_years(ev.studies)
    ours = tuple(sorted(set(our_studies)))
    return tuple(_result(row, years, ours, labels) for row in reviews.to_dict("records"))


def survival_summaries(results) -> tuple[ReviewResult, ...]:
    """Results that summarise survival across studies at a time point, or median survival times."""
    return tuple(
        r for r in results if r.measure in SURVIVAL_SUMMARIES and (r.time_years is not None or r.is_median_time)
    )


def at_time(results, time_years: float) -> tuple[ReviewResult, ...]:
    return tuple(
        r for r in results if r.time_years is not None and math.isclose(r.time_years, time_years, abs_tol=1e-6)
    )


def ratio_results(results) -> tuple[ReviewResult, ...]:
    """Hazard or odds ratios (and ratios printed unusably) the reviews pooled themselves."""
    return tuple(r for r in results if r.measure in RATIO_MEASURES)


def for_factor(results, comparison_key: str) -> tuple[ReviewResult, ...]:
    """Ratio results linked to a factor through a comparison_key column of the reviews table.
    The shipped table has no such column, so nothing links until a curator adds it."""
    return tuple(r for r in ratio_results(results) if r.comparison_key and r.comparison_key == comparison_key)


def has_factor_column(ev) -> bool:
    return "comparison_key" in ev.reviews.columns


def overlap_with(row: dict, years: dict[str, int | None], ours: tuple[str, ...]) -> Overlap:
    listed_all = tuple(s for s in (_text(row.get("includes_studies")) or "").split(";") if s)
    end = _int(row.get("search_end_year"))
    listed = tuple(s for s in listed_all if s in ours) if ours else listed_all
    rest = [s for s in ours if s not in listed_all]
    undated = tuple(s for s in rest if years.get(s) is None)
    if end is None:
        could, cannot = (), ()
    else:
        could = tuple(s for s in rest if years.get(s) is not None and years[s] <= end)
        cannot = tuple(s for s in rest if years.get(s) is not None and years[s] > end)
    return Overlap(end, bool(listed_all), listed, could, cannot, undated, tuple((s, years.get(s)) for s in ours))


def _result(row: dict, years: dict[str, int | None], ours: tuple[str, ...], labels: Labels) -> ReviewResult:
    value, lower, upper = (_float(row.get(c)) for c in ("value", "lower", "upper"))
    unit = _text(row.get("unit")) or ""
    time_years, time_from = _landmark_time(row, unit) if row["measure"] in SURVIVAL_SUMMARIES else (None, "")
    return ReviewResult(
        id=row["id"],
        review=row["review"],
        citation=row["citation"],
        attribution_unconfirmed=row.get("citation_status") == "partly_unconfirmed",
        kind=row["kind"],
        search_period=_text(row.get("search_period")) or "",
        search_end_year=_int(row.get("search_end_year")),
        n_studies=_int(row.get("n_studies")),
        n_patients=_int(row.get("n_patients")),
        comparison=row["comparison"],
        endpoint=row["endpoint"],
        measure=row["measure"],
        meaning=MEASURE_MEANING.get(row["measure"], row["measure"]),
        value=value,
        lower=lower,
        upper=upper,
        interval=_text(row.get("interval")) or "",
        unit=unit,
        value_text=value_text(row["measure"], value, lower, upper, _text(row.get("interval")) or "", unit),
        p_text=_p_text(row),
        time_years=time_years,
        time_from=time_from,
        is_median_time=unit in TIME_UNITS and bool(_MEDIAN_IN_WORDS.search(row.get("comparison") or "")),
        overlap=overlap_with(row, years, ours),
        overlap_note=_text(row.get("overlap_note")) or "",
        locator=row["locator"],
        source=row["source"],
        source_url=_text(row.get("source_url")) or "",
        quote=_text(row.get("quote")) or "",
        notes=_text(row.get("notes")) or "",
        comparison_key=_text(row.get("comparison_key")) or "",
    )


def _landmark_time(row: dict, unit: str) -> tuple[float | None, str]:
    """The landmark time of a survival value (unit percent); None for anything else."""
    if unit != "percent":
        return None, ""
    if _float(row.get("time_years")) is not None:
        return _float(row.get("time_years")), TIME_FROM_COLUMN
    times = {float(m) for m in _YEARS_IN_WORDS.findall(row.get("comparison") or "")}
    if len(times) == 1:
        return times.pop(), TIME_FROM_WORDING
    return None, ""


def value_text(measure: str, value, lower, upper, interval: str, unit: str) -> str:
    """The number as printed, with what its interval is, e.g. '70.5% (range 31–100%)'."""
    if measure == "count_only":
        return "no result in the stored text"
    suffix = "%" if unit == "percent" else "" if unit in ("ratio", "as printed") else f" {unit}"
    interval_name = {"ci95": "95% CI", "range": "range"}.get(interval, interval)
    span = None if lower is None or upper is None else f"{_num(lower)}–{_num(upper)}{suffix}"
    if measure == "as_printed_unusable":
        span = None if lower is None or upper is None else f"{_num(lower)} to {_num(upper)}"
        return (
            f"{_num(value)} ({span}) as printed — not a valid value"
            if span
            else f"{_num(value)} as printed — not a valid value"
        )
    if value is None:
        return f"{span} ({interval_name})" if span else "not stated"
    head = f"{_num(value)}{suffix}"
    return f"{head} ({interval_name} {span})" if span else head


def _p_text(row: dict) -> str:
    p = _float(row.get("p_value"))
    return "" if p is None else f"p {row.get('p_operator') or '='} {p:g}"


def _study_years(studies: pd.DataFrame) -> dict[str, int | None]:
    return {sid: _int(year) for sid, year in zip(studies["id"], studies["year"], strict=True)}


def _num(x) -> str:
    return "not stated" if x is None else f"{x:g}"


def _float(x) -> float | None:
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _int(x) -> int | None:
    value = _float(x)
    return None if value is None else int(value)


def _text(x) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return str(x)


def survival_review_rows(reviews, pooled, labels: Labels, comparing_groups: bool = False, not_pooled=()) -> list[dict]:
    """Table rows that set each review's survival summary beside our pooled value at the same time.

    `pooled` are views.survival.PooledPoint; a review's number is never combined with them.
    comparing_groups : the page compares subgroups, so nothing is pooled (and the cell says why).
    not_pooled : views.survival.NotPooled, times at which two studies disagree and were not pooled."""
    ours = {round(p.time_years, 4): p for p in pooled}
    refused = {round(r.time_years, 4) for r in not_pooled}
    rows = []
    for r in sorted(reviews, key=lambda r: (r.time_years is None, r.time_years or 0, r.review)):
        if r.time_years is None:
            time, our_text = "Median time", "medians are not pooled"
        else:
            time = f"{r.time_years:g} year{'' if r.time_years == 1 else 's'}"
            p = ours.get(round(r.time_years, 4))
            no_pool = (
                "not pooled while comparing groups"
                if comparing_groups
                else "not pooled: the two studies disagree"
                if round(r.time_years, 4) in refused
                else "not pooled (fewer than two studies report this time)"
            )
            our_text = (
                no_pool
                if p is None
                else (
                    f"{100 * p.estimate:.1f}% (95% CI {100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%; prediction interval {p.pi_text}), k = {p.k}"
                    + ("" if p.patients is None else f", n = {p.patients}")
                    + (f", incl. {len(p.secondary_included)} secondary-only" if p.secondary_included else "")
                )
            )
        rows.append(
            {
                "Time": time,
                "Our pooled (derived)": our_text,
                "Published review (not re-pooled)": r.label,
                "Review's number": f"{r.value_text}: {r.meaning}",
                "Review size": r.size_text,
                "Overlap with our studies": r.overlap.summary(labels),
                "Source": source_text(r),
            }
        )
    return rows


def review_rows(reviews, labels: Labels) -> list[dict]:
    """Table rows for review results that are not survival summaries (ratios, counts, proportions)."""
    return [
        {
            "Review (not re-pooled)": r.label,
            "What it reports": r.comparison,
            "Value as printed": r.value_text + (f", {r.p_text}" if r.p_text else ""),
            "What the number is": r.meaning + (f". {r.notes}" if r.notes else ""),
            "Review size": r.size_text,
            "Overlap with our studies": r.overlap.summary(labels),
            "Source": source_text(r),
        }
        for r in reviews
    ]


def source_text(r: ReviewResult) -> str:
    """Document and locator, without naming the document twice."""
    return r.locator if r.source in r.locator else f"{r.source}, {r.locator}"


def overlap_matrix(reviews, labels: Labels) -> list[dict]:
    """One row per of our studies, one column per review: is the study in the review?

    Known only where a review lists its studies; otherwise the dates say whether it can be."""
    by_review: dict[str, Overlap] = {}
    for r in reviews:
        by_review.setdefault(r.review, r.overlap)
    if not by_review:
        return []
    studies = [s for s, _ in next(iter(by_review.values())).years]
    years = dict(next(iter(by_review.values())).years)
    studies.sort(key=lambda s: (years.get(s) is None, years.get(s) or 0, labels.study(s)))
    rows = []
    for sid in studies:
        row = {"Our study": labels.study(sid), "Published": "not stated" if years.get(sid) is None else str(years[sid])}
        for name, o in by_review.items():
            row[f"{name} (to {o.search_end_year or '?'})"] = o.status(sid)
        rows.append(row)
    return rows


def overlap_notes(reviews) -> list[str]:
    """The curator's overlap notes, one per review that has one."""
    notes = {}
    for r in reviews:
        if r.overlap_note:
            notes.setdefault(r.review, r.overlap_note)
    return [f"{name}: {note}" for name, note in notes.items()]
