"""Survival page view model: curves through reported points, per study and arm, plus a
pooled value at each time two or more studies report and a readout at 1, 3, 5 and 10 years,
and the published reviews' numbers for the same endpoint to set beside the pooled values
(shown, never pooled again).

What may enter a pool (issue 14): cohorts treated with liver surgery, with a stated n, matching the
filters exactly, one per overlap group (studies drawing on one database or institution), and
secondary-only studies only when asked for; two studies that disagree are shown, not pooled
(stats.agreement). What may be derived: a curve needs two reported points; one point, or a
segment into 0%, is shown as reported and nothing is read off between."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from evidence.relations import is_within
from stats.agreement import two_studies_disagree
from stats.pooled_survival import arcsine_survival, pool_survival_at, sine_squared
from stats.prediction import prediction_interval
from stats.survival import InconsistentLandmarksError, curve_from_landmarks

from .catalog import catalog
from .filters import FILTER_LABELS, SUBGROUP_DIMENSIONS, UNRESTRICTED, Filters
from .labels import Labels
from .overlap import OverlapGroups
from .reviews import ReviewResult, review_results, survival_summaries
from .select import select_cohorts, whole_cohorts

READOUT_YEARS = (1, 3, 5, 10)
SECONDARY = "secondary source"
INTERPOLATION = "log-linear (constant hazard) between the two reported points around it"
SURGICAL = "liver_surgery"  # cohorts whose treatment lies within it are pooled
POST_OPERATIVE = ("recurrence_site", "recurrence_treatment", "recurrence_timing")
ORIGIN_WORDS = {
    "liver_surgery": "liver surgery",
    "recurrence": "recurrence",
    "diagnosis": "diagnosis",
    "not_stated": "not stated",
}
ONE_POINT = "one reported point"
BEFORE_FIRST = "before the first reported time"
CONFLICT = "reported points conflict"


@dataclass(frozen=True)
class ReportedPoint:
    row_id: str
    time_years: float | None  # None: a median not reached, with no follow-up stated to place it at
    survival: float  # 0.5 for a median (and for the 'not reached' marker, which sits at 50%)
    kind: str  # landmark | median | median_not_reached
    ci_lower: float | None
    ci_upper: float | None
    text: str  # '66.8% at 10 years' as the source states it
    locator: str
    quote: str
    used_in_curve: bool = True
    flag: str = ""
    value_text: str = ""  # a median's time as the source states it ('9.64 years'), or 'not reached'
    # what goes with it ('conflicts with the landmarks', the follow-up a median was not reached within)
    qualifier: str = ""


@dataclass(frozen=True)
class ReadoutValue:
    """One cell of a readout: a reported value, a value derived from the curve (and how), or none (and why)."""

    value: float | None
    kind: str  # 'reported' | 'derived' | 'none'
    how: str = ""  # derived: the derivation; none: why there is no value
    secondary: bool = False

    @property
    def text(self) -> str:
        """For a table cell: the table's 'How derived' column names the derivation (derivation_column)."""
        if self.kind == "reported":
            return f"{100 * self.value:.1f}% (reported{', ' + SECONDARY if self.secondary else ''})"
        if self.kind == "derived":
            return f"{100 * self.value:.1f}% (derived{', ' + SECONDARY if self.secondary else ''})"
        return f"— ({self.how})"

    @property
    def full_text(self) -> str:
        """For a single value out of its table (hover, minutes): the derivation in the value's own label."""
        if self.kind == "derived":
            return f"{100 * self.value:.1f}% (derived: {self.how}{'; ' + SECONDARY if self.secondary else ''})"
        return self.text


@dataclass(frozen=True)
class CurveView:
    cohort_id: str
    study_id: str
    study_label: str
    arm_label: str
    n: int | None
    match: str
    times: np.ndarray
    survival: np.ndarray
    band_lower: np.ndarray | None
    band_upper: np.ndarray | None
    band_method: str
    points: tuple[ReportedPoint, ...]
    notes: tuple[str, ...] = ()
    contrast: bool = False
    secondary: bool = False  # numbers known only from another paper's table
    treatment: str = SURGICAL
    poolable: bool = True  # treated with liver surgery: may enter a pool
    time_origin: str = "not_stated"
    post_operative: bool = False  # a group defined by what happened after surgery (recurrence)
    no_line: str = ""  # why no line is drawn ('' when one is)
    knots: tuple[tuple[float, float, str], ...] = ()  # (time, survival, what) the line passes through, S(0) = 1 first

    @property
    def name(self) -> str:
        n = "n not stated" if self.n is None else f"n = {self.n}"
        return f"{self.study_label}: {self.arm_label} ({n})" + (f" — {SECONDARY}" if self.secondary else "")

    @property
    def has_line(self) -> bool:
        return len(self.times) > 0

    @property
    def origin_words(self) -> str:
        return ORIGIN_WORDS.get(self.time_origin, self.time_origin.replace("_", " "))


@dataclass(frozen=True)
class PooledPoint:
    time_years: float
    estimate: float
    ci_lower: float
    ci_upper: float
    k: int
    i2: float
    tau2: float
    studies: tuple[str, ...]
    method: str
    patients: int | None = None  # sum of the pooled cohorts' n (one cohort per overlap group)
    secondary_included: tuple[str, ...] = ()  # secondary-only studies in this pool (only when asked for)
    secondary_left_out: tuple[str, ...] = ()  # secondary-only studies reporting this time, not pooled
    variance_from: str = ""  # what each study's variance rests on (cohort size, or numbers at risk)
    notes: tuple[str, ...] = ()  # caveats of the fit, e.g. a CI that ignores censoring
    pi_lower: float | None = None  # 95% prediction interval, t(k − 2) (stats.prediction); None when k < 3
    pi_upper: float | None = None
    pi_note: str = ""  # why there is no prediction interval
    overlap_left_out: tuple[
        tuple[str, str], ...
    ] = ()  # (study left out, study kept from the same database or institution)
    not_operated_left_out: tuple[str, ...] = ()  # comparison arms (no or mixed liver surgery) reporting this time
    values: tuple[float, ...] = ()  # each pooled study's reported survival and size, in the order of `studies`
    sizes: tuple[int, ...] = ()
    weights: tuple[float, ...] = ()  # each study's random-effects weight (percent), as metafor's weights()

    @property
    def pi_text(self) -> str:
        if self.pi_lower is None:
            return f"not given: {self.pi_note}" if self.pi_note else "not given"
        text = f"{100 * self.pi_lower:.1f}–{100 * self.pi_upper:.1f}%"
        return text + (" (3 studies: t with 1 degree of freedom, uninformative)" if self.k == 3 else "")


@dataclass(frozen=True)
class NotPooled:
    """A time at which two studies report values that disagree: both are shown, nothing is pooled."""

    time_years: float
    reason: str
    studies: tuple[str, ...]
    values: tuple[float, ...]
    patients: tuple[int, ...]


@dataclass(frozen=True)
class SurvivalView:
    """What the Survival page draws for one set of filters: curves, contrast curves, pools or why not, the readout."""

    endpoint: str
    curves: tuple[CurveView, ...]
    contrast: tuple[CurveView, ...]
    pooled: tuple[PooledPoint, ...]
    readout: pd.DataFrame
    notices: tuple[str, ...] = field(default_factory=tuple)
    small_groups: tuple[str, ...] = field(default_factory=tuple)
    # survival summaries of published reviews, same endpoint
    reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)
    # the rest of the reviews' results for this endpoint
    other_reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)
    include_secondary: bool = False
    title: str = ""
    not_pooled: tuple[NotPooled, ...] = ()
    origin_note: str = ""  # from what event the curves count time, in a sentence
    not_shown: tuple[str, ...] = ()  # studies reporting this endpoint that no curve shows, and why

    @property
    def study_ids(self) -> list[str]:
        return sorted({c.study_id for c in self.curves})

    @property
    def secondary_studies(self) -> list[str]:
        return sorted({c.study_id for c in self.curves if c.secondary})


def operated_only(filters: Filters, broader) -> bool:
    """Does the treatment filter admit only cohorts treated with liver surgery?"""
    return filters.treatment not in UNRESTRICTED and is_within(broader, "treatment", filters.treatment, SURGICAL)


def survival_title(endpoint_label: str, curves=(), filters: Filters | None = None, broader=None) -> str:
    """Says what the drawn cohorts received: 'after liver surgery' only over operated cohorts. With nothing drawn, the
    treatment filter says what was asked for."""
    operated = {c.poolable for c in ([c for c in curves if not c.contrast] or curves)}
    if not operated and filters is not None:
        operated = {True} if operated_only(filters, broader or {}) else {True, False}
    if operated == {True}:
        return f"{endpoint_label} after liver surgery"
    if operated == {False}:
        return f"{endpoint_label} of cohorts not (all) operated on the liver"
    return f"{endpoint_label}: operated and not operated cohorts"


NOT_OPERATED_NOTE = (
    "Only cohorts treated with liver surgery are pooled; cohorts not (all) operated are drawn for comparison."
)


def survival_view(
    ev, filters: Filters, labels: Labels, include_secondary: bool = False, method: str = "REML"
) -> SurvivalView:
    """Curves, pooled landmarks and reviews for `filters`.

    method : the τ² estimator of the pools (REML, as metafor's default); the Forest page's choice does not reach here.
    include_secondary : pool secondary-only studies too (off by default: their numbers were
        copied by another paper, unchecked against the original).
    """
    survival = ev.survival
    survival = survival[survival["endpoint"] == filters.endpoint]
    cohorts = ev.cohorts
    known = catalog(ev)
    broader, secondary = known.broader, known.secondary
    curve_of = curve_maker(ev, filters.endpoint, labels)
    curves = tuple(c for c in map(curve_of, select_cohorts(cohorts, filters, broader).to_dict("records")) if c)
    contrast = ()
    if filters.active_subgroups() or filters.compare != "none":
        shown = {c.cohort_id for c in curves}
        whole = [dict(row, match="contrast") for row in whole_cohorts(cohorts, filters, broader).to_dict("records")]
        contrast = tuple(c for c in (curve_of(row, contrast=True) for row in whole if row["id"] not in shown) if c)
    pooled, refused = (
        pool_landmarks(curves, method, secondary, known.overlap, include_secondary)
        if filters.compare == "none"
        else ((), ())
    )
    small = tuple(c.name for c in curves if c.n is not None and c.n < 30)
    reviews = review_results(ev, filters.endpoint, {c.study_id for c in curves}, labels)
    summaries = survival_summaries(reviews)
    others = tuple(r for r in reviews if r not in summaries)
    endpoint = labels.value("endpoint", filters.endpoint)
    return SurvivalView(
        filters.endpoint,
        curves,
        contrast,
        pooled,
        _readout(curves, labels),
        tuple(_notices(curves, filters, labels)),
        small,
        reviews=summaries,
        other_reviews=others,
        include_secondary=include_secondary,
        title=survival_title(endpoint, curves, filters, broader),
        not_pooled=refused,
        origin_note=origin_note(curves),
        not_shown=tuple(
            n
            for n in (
                shared_patients_note([c.study_id for c in curves], labels),
                *_unseen_subgroups(ev, survival, curves, contrast, filters, labels, broader),
            )
            if n
        ),
    )


def curve_maker(ev, endpoint: str, labels: Labels):
    """`curve_of(cohort_row, contrast=False)`: the cohort's curve for `endpoint`, with what the catalog knows of it
    (secondary-only, the vocabulary's hierarchy, its median follow-up). A curve depends on the evidence alone, not on
    the filters: each is made once per evidence and shared (frozen; pages never change one)."""
    known = catalog(ev)
    rows = ev.memo(f"survival rows by cohort: {endpoint}", lambda: _rows_by_cohort(ev.survival, endpoint))
    made = ev.memo(f"curves: {endpoint}", dict)
    no_rows = ev.memo("survival: no rows", lambda: ev.survival.iloc[:0])  # ev.survival copies the table per access

    def curve_of(row: dict, contrast: bool = False) -> CurveView | None:
        key = (row["id"], contrast, row.get("match", "exact"))
        if key not in made:
            secondary = row["study_id"] in known.secondary
            made[key] = cohort_curve(
                row,
                rows.get(row["id"], no_rows),
                labels,
                contrast,
                secondary,
                known.broader,
                known.follow_up,
            )
        return made[key]

    return curve_of


def _rows_by_cohort(survival: pd.DataFrame, endpoint: str) -> dict[str, pd.DataFrame]:
    at_endpoint = survival[survival["endpoint"] == endpoint]
    return {cohort: frame for cohort, frame in at_endpoint.groupby("cohort_id", sort=False)}


def cohort_curve(
    cohort: dict,
    survival: pd.DataFrame,
    labels: Labels,
    contrast: bool = False,
    secondary: bool = False,
    broader=None,
    follow_up: dict[str, str] | None = None,
) -> CurveView | None:
    rows = survival[survival["cohort_id"] == cohort["id"]]
    landmarks = rows[rows["kind"] == "landmark"].sort_values("time_years")
    medians = rows[rows["kind"] == "median"]
    not_reached = rows[rows["kind"] == "median_not_reached"]
    if landmarks.empty and medians.empty and not_reached.empty:
        return None
    n = None if pd.isna(cohort["n"]) else int(cohort["n"])
    median = float(medians["time_years"].iloc[0]) if len(medians) else None
    curve, landmarks_used, median_used, notes, no_line = _fit_or_explain(landmarks, median, n)
    if curve is None:
        grid = values = np.array([], dtype=float)
        band, knots = None, ()
    else:
        knots = tuple(zip(curve.knots.times, curve.knots.survival, curve.knots.kinds, strict=True))
        grid = _grid([t for t, _, _ in knots[1:]])
        values = np.asarray(curve.at(grid), dtype=float)
        band = curve.band(grid) if getattr(curve, "band", None) else None
    points = [_point(r, used=landmarks_used) for r in landmarks.to_dict("records")]
    points += [_point(r, used=median_used) for r in medians.to_dict("records")]
    points += [_not_reached(r, (follow_up or {}).get(cohort["id"], "")) for r in not_reached.to_dict("records")]
    treatment = cohort.get("treatment", SURGICAL)
    origins = set(rows["time_origin"]) if "time_origin" in rows else {"not_stated"}
    return CurveView(
        cohort_id=cohort["id"],
        study_id=cohort["study_id"],
        study_label=labels.study(cohort["study_id"]),
        arm_label=cohort["label"] + (" (broader group)" if cohort.get("match") == "broader" else ""),
        n=n,
        match=cohort.get("match", "exact"),
        times=grid,
        survival=values,
        band_lower=None if band is None else np.asarray(band[0], dtype=float),
        band_upper=None if band is None else np.asarray(band[1], dtype=float),
        band_method=getattr(curve, "band_method", "") or "",
        points=tuple(points),
        notes=notes,
        contrast=contrast,
        secondary=secondary,
        treatment=treatment,
        poolable=is_within(broader or {}, "treatment", treatment, SURGICAL),
        time_origin=origins.pop() if len(origins) == 1 else "mixed",
        post_operative=any(cohort.get(d, "any") not in UNRESTRICTED for d in POST_OPERATIVE),
        no_line=no_line,
        knots=knots,
    )


# Between reported points the curve is exp(-λt): a chord over Δ years departs from it by at most
# about S·(λΔ)²/8, under 0.2 percentage points for Δ = 0.25 y even at λ = 0.5/y (median 1.4 y).
GRID_STEP_YEARS = 0.25  # docs/decisions/0010-curve-grid.md


def _grid(reported_times: list[float]) -> np.ndarray:
    """Times to draw the curve at: an even grid plus every reported time, so the drawn line passes
    exactly through each reported marker, plus the readout's years, so that the readout reads the curve."""
    end = max(reported_times)
    steps = max(int(np.ceil(end / GRID_STEP_YEARS)), 1)
    readout = [year for year in READOUT_YEARS if year <= end]
    return np.unique(np.concatenate([np.linspace(0, end, steps + 1), reported_times, readout]))


def _fit_or_explain(landmarks: pd.DataFrame, median: float | None, n: int | None):
    """(curve or None, landmarks used, median used, notes, why no line). Points that cannot all be true are
    never bent into a curve: a median that contradicts the landmarks is dropped (the landmarks carry more
    information), and landmarks that rise over time leave only the reported points on the chart. A line
    needs two reported points above 0%: from one, every value between would come from the model alone,
    and the time survival reached 0% is not reported, so a segment into 0% is not drawn either."""
    positive = landmarks[landmarks["survival"] > 0]
    if landmarks.empty and median is None:
        return None, False, False, (), "median not reached"
    try:
        _build(landmarks, median, n, on_conflict="raise")
        notes, median_used = (), True
    except InconsistentLandmarksError as first:
        try:
            _build(landmarks, median, n, on_conflict="drop_median")
        except InconsistentLandmarksError as err:
            note = f"Reported points conflict ({err}); no curve is drawn, only the reported points (see Discrepancies)."
            return None, False, False, (note,), CONFLICT
        notes = (
            f"Reported points conflict ({first}); the curve follows the landmarks and the median is shown but not used.",
        )
        median_used = False
    reported = len(positive) + (1 if median_used and median is not None else 0)
    zero = landmarks[landmarks["survival"] == 0]
    if reported < 2:
        if len(zero):
            notes += (
                f"Survival reaches 0% by {time_text(zero['time_value'].iloc[0], zero['time_unit'].iloc[0])}; when is not reported, "
                "so no line is drawn to it.",
            )
        return None, True, median_used, notes, ONE_POINT
    if len(zero):
        notes += (
            f"Survival reaches 0% by {time_text(zero['time_value'].iloc[0], zero['time_unit'].iloc[0])}; when is not reported, "
            "so the line stops at the last value above 0%.",
        )
    return _build(positive, median if median_used else None, n, on_conflict="raise"), True, median_used, notes, ""


def _build(landmarks: pd.DataFrame, median: float | None, n: int | None, on_conflict: str):
    ci_known = landmarks["ci_lower"].notna().any()
    return curve_from_landmarks(
        landmarks["time_years"].to_numpy(float),
        landmarks["survival"].to_numpy(float),
        median=median,
        ci_lower=landmarks["ci_lower"].to_numpy(float) if ci_known else None,
        ci_upper=landmarks["ci_upper"].to_numpy(float) if ci_known else None,
        n=n,
        on_conflict=on_conflict,
    )


def time_text(value: float, unit: str) -> str:
    """'1 year', '10 years', '36 months': the source's unit, singular where it is one."""
    return f"{value:g} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def _point(row: dict, used: bool) -> ReportedPoint:
    if row["kind"] == "median":
        text = f"median {time_text(row['time_value'], row['time_unit'])}"
        value = 0.5
    else:
        text = f"{100 * row['survival']:.1f}% at {time_text(row['time_value'], row['time_unit'])}"
        value = float(row["survival"])
    ci = (None, None) if pd.isna(row["ci_lower"]) else (float(row["ci_lower"]), float(row["ci_upper"]))
    if ci[0] is not None:
        text += f" (95% CI {100 * ci[0]:.1f}–{100 * ci[1]:.1f}%)"
    flag = "" if used else "not used for the curve: the reported points conflict (see Discrepancies)"
    median = row["kind"] == "median"
    return ReportedPoint(
        row_id=row["id"],
        time_years=float(row["time_years"]),
        survival=value,
        kind=row["kind"],
        ci_lower=ci[0],
        ci_upper=ci[1],
        text=text,
        locator=row["locator"],
        quote=row["quote"],
        used_in_curve=used,
        flag=flag,
        value_text=time_text(row["time_value"], row["time_unit"]) if median else "",
        qualifier="conflicts with the landmarks" if median and not used else "",
    )


def _not_reached(row: dict, follow_up: str) -> ReportedPoint:
    """'Median not reached' is a result: survival stayed above 50% through follow-up. Placed at the
    median follow-up when the source states one (a marker, not a curve), else only named."""
    time = None
    if follow_up:
        value, unit = follow_up.split()[-2:]
        time = float(value) * {"months": 1 / 12, "years": 1.0, "days": 1 / 365.25}.get(unit, math.nan)
        time = None if math.isnan(time) else time
    text = f"median not reached ({follow_up})" if follow_up else "median not reached (follow-up not stated)"
    return ReportedPoint(
        row_id=row["id"],
        time_years=time,
        survival=0.5,
        kind="median_not_reached",
        ci_lower=None,
        ci_upper=None,
        text=text,
        locator=row["locator"],
        quote=row["quote"],
        used_in_curve=False,
        flag="survival stayed above 50% through follow-up; no curve is drawn from it",
        value_text="not reached",
        qualifier=follow_up or "follow-up not stated",
    )


def _readout(curves: tuple[CurveView, ...], labels: Labels) -> pd.DataFrame:
    return pd.DataFrame([readout_row(curve, READOUT_YEARS) for curve in curves])


def readout_row(curve: CurveView, years, **before_source: str) -> dict[str, str]:
    """One curve's readout row: study, group, n, the value at each year, how each was derived, the reported median,
    the time origin, `before_source` columns, and the locators."""
    study = tagged_secondary(curve.study_label) if curve.secondary else curve.study_label
    row = {"Study": study, "Group": curve.arm_label, "n": "not stated" if curve.n is None else str(curve.n)}
    row.update({f"{year} y": value_at(curve, year) for year in years})
    row.update(
        {
            "How derived": how_derived(curve, years),
            "Median": median_text(curve),
            "Time counted from": curve.origin_words,
        }
    )
    return row | before_source | {"Source": "; ".join(sorted({p.locator for p in curve.points}))}


def how_derived(curve: CurveView, years) -> str:
    """The readout row's derivations in words: '1 y, 3 y: log-linear between 100% at 0 y and 77.4% at 5 y', or
    why nothing is derived ('one reported point: no curve, nothing derived'); '—' when every value is reported."""
    by_how: dict[str, list[str]] = {}
    for year in years:
        cell = readout_value(curve, year)
        if cell.kind == "derived":
            by_how.setdefault(cell.how, []).append(f"{year:g} y")
    parts = [f"{', '.join(times)}: {how}" for how, times in by_how.items()]
    early = [f"{year:g} y" for year in years if readout_value(curve, year).how == BEFORE_FIRST]
    if early:
        parts.append(
            f"{', '.join(early)}: before the first reported time, the line from 100% rests on one value: not derived"
        )
    if not curve.has_line:
        parts.append(f"{curve.no_line}: no curve, nothing derived")
    return "; ".join(parts) or "—"


def reported_median(curve: CurveView) -> ReportedPoint | None:
    """The reported median or 'not reached' point, never one read off a curve."""
    return next((p for p in curve.points if p.kind in ("median", "median_not_reached")), None)


def median_text(curve: CurveView) -> str:
    p = reported_median(curve)
    if p is None:
        return "— (not reported)"
    return f"{p.value_text} (reported" + (f"; {p.qualifier}" if p.qualifier else "") + ")"


def tagged_secondary(label: str) -> str:
    """'Sarmiento 2003 (secondary source)', unless the label already says it is secondary."""
    return label if "secondary" in label.lower() else f"{label} ({SECONDARY})"


def readout_value(curve: CurveView, year: float) -> ReadoutValue:
    """The value at `year`: reported if the source gives it, derived from the curve between two reported
    points (and which), or none, saying why."""
    for p in curve.points:
        if p.kind == "landmark" and p.time_years is not None and math.isclose(p.time_years, year, abs_tol=1e-6):
            return ReadoutValue(p.survival, "reported", secondary=curve.secondary)
    if not curve.has_line:
        return ReadoutValue(None, "none", curve.no_line or ONE_POINT)
    if year > curve.times[-1] + 1e-9:
        zero = next(
            (
                p
                for p in curve.points
                if p.kind == "landmark" and p.survival == 0 and p.time_years is not None and p.time_years > year
            ),
            None,
        )
        return ReadoutValue(
            None, "none", "survival falls to 0% later; that segment is not drawn" if zero else "beyond reported data"
        )
    if year < curve.knots[1][0] - 1e-9:
        # from 100% at time 0 to the first reported value the line rests on that one value: drawn, never read off
        return ReadoutValue(None, "none", BEFORE_FIRST)
    value = float(np.interp(year, curve.times, curve.survival))
    return ReadoutValue(value, "derived", _between(curve.knots, year), secondary=curve.secondary)


def value_at(curve: CurveView, year: float) -> str:
    return readout_value(curve, year).text


def _between(knots, year: float) -> str:
    """'log-linear between 100% at 0 y and 77.4% at 5 y': the two points a derived value rests on."""
    for (t0, s0, k0), (t1, s1, k1) in zip(knots, knots[1:], strict=False):
        if t0 <= year <= t1:
            return f"log-linear between {_knot(t0, s0, k0)} and {_knot(t1, s1, k1)}"
    return INTERPOLATION


def _knot(t: float, s: float, kind: str) -> str:
    if kind == "start":
        return "100% at 0 y"
    if kind == "median":
        return f"the median (50%) at {t:.3g} y"
    return f"{100 * s:.1f}% at {t:g} y"


def pool_landmarks(
    curves: tuple[CurveView, ...],
    method: str,
    secondary: set[str],
    groups: OverlapGroups,
    include_secondary: bool = False,
) -> tuple[tuple[PooledPoint, ...], tuple[NotPooled, ...]]:
    """Pool reported landmarks at times two or more studies share (module docstring says what may enter)."""
    by_time: dict[float, dict[str, tuple[float, int]]] = {}
    left_out: dict[float, set[str]] = {}
    not_operated: dict[float, set[str]] = {}
    for curve in curves:
        if curve.match != "exact" or curve.n is None:
            continue
        for p in curve.points:
            if p.kind != "landmark":
                continue
            time = round(p.time_years, 4)
            if not curve.poolable:
                not_operated.setdefault(time, set()).add(curve.study_id)
            elif curve.study_id in secondary and not include_secondary:
                left_out.setdefault(time, set()).add(curve.study_id)
            else:
                by_time.setdefault(time, {}).setdefault(curve.study_id, (p.survival, curve.n))
    out, refused = [], []
    for time, candidates in sorted(by_time.items()):
        kept, dropped = groups.one_per_group({s: n for s, (_, n) in candidates.items()}, prefer_not=secondary)
        if len(kept) < 2:
            continue
        studies = sorted(kept)
        values, sizes = [candidates[s][0] for s in studies], [candidates[s][1] for s in studies]
        result = pool_survival_at(time, values, sizes, method=method)
        why = two_studies_disagree(*arcsine_survival(values, sizes), i2=result.i2)
        if why:
            refused.append(
                NotPooled(
                    time, f"the studies disagree ({why}); not pooled", tuple(studies), tuple(values), tuple(sizes)
                )
            )
            continue
        pi = prediction_interval(result.fit.estimate, result.fit.se, result.tau2, result.k, method=method)
        out.append(
            PooledPoint(
                time,
                result.estimate,
                result.ci_lower,
                result.ci_upper,
                result.k,
                result.i2,
                result.tau2,
                tuple(studies),
                result.method,
                patients=sum(sizes),
                secondary_included=tuple(s for s in studies if s in secondary),
                secondary_left_out=tuple(sorted(left_out.get(time, ()))),
                variance_from=result.variance_from,
                notes=tuple(result.notes),
                pi_lower=None if not pi.available else sine_squared(pi.lower),
                pi_upper=None if not pi.available else sine_squared(pi.upper),
                pi_note=pi.reason,
                overlap_left_out=tuple(dropped),
                not_operated_left_out=tuple(sorted(not_operated.get(time, ()))),
                values=tuple(values),
                sizes=tuple(sizes),
                weights=tuple(result.fit.weights),
            )
        )
    return tuple(out), tuple(refused)


def _notices(curves: tuple[CurveView, ...], filters: Filters, labels: Labels) -> list[str]:
    studies = {c.study_id for c in curves}
    endpoint = labels.value("endpoint", filters.endpoint)
    if not studies:
        return [
            f"No study reports {endpoint} for this selection. Widen a filter, or see the contrast curves and the Evidence page."
        ]
    notes = [NOT_OPERATED_NOTE] if any(not c.poolable for c in curves) else []
    if len(studies) == 1:
        notes.append(
            f"Only one study ({labels.study(next(iter(studies)))}) reports {endpoint} for this selection: nothing to pool, and one series cannot show how results vary between centres."
        )
    unclear = [c.name for c in curves if c.post_operative and c.time_origin == "not_stated"]
    if unclear:
        notes.append(
            "Time origin not stated: "
            + "; ".join(unclear)
            + ". These groups are defined by a recurrence after surgery, and the "
            "source does not say whether survival is counted from the liver operation or from the recurrence: the curves "
            "are not comparable with survival after surgery."
        )
    return notes


def origin_note(curves: tuple[CurveView, ...]) -> str:
    """From what event the drawn curves count time, in one sentence ('' when every source says liver surgery)."""
    counts: dict[str, int] = {}
    for c in curves:
        counts[c.origin_words] = counts.get(c.origin_words, 0) + 1
    if not curves or set(counts) == {"liver surgery"}:
        return ""
    parts = [
        f"{k} of {len(curves)} count from {origin}"
        for origin, k in counts.items()
        if origin not in ("not stated", "mixed")
    ]
    stated = ("; ".join(parts) + "; ") if parts else ""
    missing = counts.get("not stated", 0)
    return (
        (
            f"Time axis: {stated}{missing} of {len(curves)} curves do not say from when they count time (a surgical series usually "
            "counts from the operation, but the source does not state it); see 'Time counted from' in the readout."
        )
        if missing
        else (f"Time axis: {stated.rstrip('; ')}.")
    )


def _unseen_subgroups(
    ev, survival: pd.DataFrame, curves, contrast, filters: Filters, labels: Labels, broader
) -> list[str]:
    """Studies reporting this endpoint that no curve shows, and why: they report only subgroups, or their
    patients were not (all) operated. Nothing leaves the page without a word."""
    shown = {c.study_id for c in (*curves, *contrast)}
    reporting = set(survival["cohort_id"])
    notes = []
    if not filters.active_subgroups() and filters.compare == "none":
        subgroups: dict[str, set[str]] = {}
        cohorts = ev.cohorts
        for row in cohorts[
            cohorts["id"].isin(reporting) & ~cohorts["study_id"].isin(shown | set(filters.exclude))
        ].to_dict("records"):
            dims = {FILTER_LABELS[d].lower() for d in SUBGROUP_DIMENSIONS if row[d] not in UNRESTRICTED}
            if dims:
                subgroups.setdefault(row["study_id"], set()).update(dims)
        if subgroups:
            named = "; ".join(
                f"{labels.study(s)} ({', '.join(sorted(d))})"
                for s, d in sorted(subgroups.items(), key=lambda x: labels.study(x[0]))
            )
            notes.append(
                f"Reported only for subgroups, so not drawn here: {named}. Choose the subgroup in the filters, or "
                "'Compare groups by', to see them."
            )
    if operated_only(filters, broader):
        wider = select_cohorts(ev.cohorts, replace(filters, treatment="any"), broader)
        unoperated = wider[wider["id"].isin(reporting) & ~wider["study_id"].isin(shown)]
        unoperated = unoperated[~unoperated["treatment"].map(lambda t: is_within(broader, "treatment", t, SURGICAL))]
        if len(unoperated):
            notes.append(
                "Not drawn because not all their patients had liver surgery: "
                + ", ".join(sorted({labels.study(s) for s in unoperated["study_id"]}))
                + ". Set 'Treatment received' to 'Any' to draw them as comparison curves (never pooled)."
            )
    return notes


def pooled_rows(view: SurvivalView, labels: Labels) -> list[dict]:
    """The 'Pooled across studies (derived)' table, one row per time, saying what the pool holds."""
    rows = []
    for p in view.pooled:
        if p.secondary_included:
            secondary = f"{len(p.secondary_included)} included"
        elif p.secondary_left_out:
            secondary = f"{len(p.secondary_left_out)} left out"
        else:
            secondary = "none at this time"
        rows.append(
            {
                "Years": f"{p.time_years:g}",
                "Pooled survival": f"{100 * p.estimate:.1f}%",
                "95% CI": f"{100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%",
                "95% prediction interval": p.pi_text,
                "Studies (k)": p.k,
                "Patients (n)": "not stated" if p.patients is None else p.patients,
                "Secondary-only studies": secondary,
                "I²": f"{p.i2:.0f}%",
                "τ²": f"{p.tau2:.3f}",
                "Method": p.method,
                "Studies": ", ".join(labels.study(s) for s in p.studies),
            }
        )
    return rows


def not_pooled_rows(view: SurvivalView, labels: Labels) -> list[dict]:
    """Times at which two studies disagree: both values, and why they were not pooled."""
    return [
        {
            "Years": f"{r.time_years:g}",
            "Values (reported)": "; ".join(
                f"{labels.study(s)} {100 * v:.1f}% (n = {n})"
                for s, v, n in zip(r.studies, r.values, r.patients, strict=True)
            ),
            "Why not pooled": r.reason,
        }
        for r in view.not_pooled
    ]


def shared_patients_note(study_ids, labels: Labels) -> str:
    """'Curves from one database or institution may share patients: …' ('' when no two drawn studies share a group)."""
    by_group: dict[str, list[str]] = {}
    for study in sorted(set(study_ids)):
        group = labels.overlap.get(study, ("none", "none"))[0]
        if group != "none":
            by_group.setdefault(group, []).append(study)
    shared = [
        f"{' and '.join(labels.study(s) for s in members)} ({groups_text(labels, members[0])})"
        for members in by_group.values()
        if len(members) > 1
    ]
    return (
        (
            "Curves from one database or institution may share patients: "
            + "; ".join(shared)
            + ". Never pooled together."
        )
        if shared
        else ""
    )


def groups_text(labels: Labels, study: str) -> str:
    """'mayo clinic, inferred': the overlap group a study is in and how the link rests (Evidence page, studies)."""
    group, status = labels.overlap.get(study, ("none", "none"))
    return f"{group.replace('_', ' ')}, {status}"


def pooling_caveats(view: SurvivalView, labels: Labels) -> list[str]:
    """The fit's caveats and what was left out, each said once for the whole table (they repeat at every time)."""
    notes = [note for p in view.pooled for note in p.notes]
    for p in view.pooled:
        for dropped, kept in p.overlap_left_out:
            notes.append(
                f"{labels.study(dropped)} left out of the pool: it shares a database or institution with {labels.study(kept)} "
                f"({groups_text(labels, dropped)}; patients counted once)."
            )
        if p.not_operated_left_out:
            notes.append(
                "Comparison arms not pooled (not all patients had liver surgery): "
                + ", ".join(labels.study(s) for s in p.not_operated_left_out)
                + "."
            )
        if p.pi_note:
            notes.append(f"No prediction interval at {p.time_years:g} years: {p.pi_note}.")
    return list(dict.fromkeys(notes))


def secondary_pool_note(view: SurvivalView, labels: Labels) -> str:
    """One sentence naming the secondary-only studies the pool left out or took in ('' if none)."""
    included = sorted({s for p in view.pooled for s in p.secondary_included})
    left_out = sorted({s for p in view.pooled for s in p.secondary_left_out})
    if included:
        return "Secondary-only studies pooled (switched on): " + ", ".join(labels.study(s) for s in included) + "."
    if left_out:
        return (
            "Secondary-only studies left out of the pool (numbers known only from another paper's table): "
            + ", ".join(labels.study(s) for s in left_out)
            + ". Switch on ‘Include secondary-only studies in the pool’ to add them."
        )
    return ""


def describe_survival(view: SurvivalView, labels: Labels) -> str:
    """The Survival figure in words: for screen readers (alt text) and for anyone who cannot see it."""
    endpoint = labels.value("endpoint", view.endpoint)
    if not view.curves and not view.contrast:
        return f"No study reports {endpoint} for this selection: there is no figure."
    parts = [f"{view.title or endpoint}, {len(view.curves)} curve(s)."]
    for curve in view.curves:
        reported = [p.text for p in curve.points] or ["no reported point"]
        line = "" if curve.has_line else f" No line: {curve.no_line}."
        parts.append(f"{curve.name}: {', '.join(reported)}.{line}")
    for p in view.pooled:
        parts.append(
            f"Pooled (derived) at {p.time_years:g} years: {100 * p.estimate:.1f}% "
            f"(95% CI {100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%; 95% prediction interval {p.pi_text}), {p.k} studies, I² {p.i2:.0f}%."
        )
    for r in view.not_pooled:
        parts.append(f"Not pooled at {r.time_years:g} years: {r.reason}.")
    if view.contrast:
        parts.append(f"{len(view.contrast)} whole cohorts drawn in grey for contrast.")
    return " ".join(parts)
