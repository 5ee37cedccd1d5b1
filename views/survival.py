"""Survival page view model: curves through reported points, per study and arm, plus a
pooled curve and a readout at 1, 3, 5 and 10 years, and the published reviews' numbers for the
same endpoint to set beside the pooled values (shown, never pooled again).

Studies known only from another paper's table (evidence_level 'secondary_only') are drawn with
lower certainty and left out of the pool unless the caller asks for them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stats.pooled_survival import pool_survival_at
from stats.survival import InconsistentLandmarksError, curve_from_landmarks

from .filters import Filters
from .labels import Labels
from .reviews import ReviewResult, review_results, survival_summaries
from .select import broader_map, select_cohorts, whole_cohorts

READOUT_YEARS = (1, 3, 5, 10)
SECONDARY = "secondary source"
INTERPOLATION = "piecewise-constant hazard between reported points (log-linear survival)"


@dataclass(frozen=True)
class ReportedPoint:
    row_id: str
    time_years: float
    survival: float  # 0.5 for a median
    kind: str  # landmark | median
    ci_lower: float | None
    ci_upper: float | None
    text: str  # '66.8% at 10 y' as the source states it
    locator: str
    quote: str
    used_in_curve: bool = True
    flag: str = ""


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

    @property
    def name(self) -> str:
        n = "n not stated" if self.n is None else f"n = {self.n}"
        return f"{self.study_label}: {self.arm_label} ({n})" + (f" — {SECONDARY}" if self.secondary else "")


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
    patients: int | None = None  # sum of the pooled cohorts' n
    secondary_included: tuple[str, ...] = ()  # secondary-only studies in this pool (only when asked for)
    secondary_left_out: tuple[str, ...] = ()  # secondary-only studies reporting this time, not pooled
    variance_from: str = ""  # what each study's variance rests on (cohort size, or numbers at risk)
    notes: tuple[str, ...] = ()  # caveats of the fit, e.g. a CI that ignores censoring


@dataclass(frozen=True)
class SurvivalView:
    endpoint: str
    curves: tuple[CurveView, ...]
    contrast: tuple[CurveView, ...]
    pooled: tuple[PooledPoint, ...]
    readout: pd.DataFrame
    notices: tuple[str, ...] = field(default_factory=tuple)
    small_groups: tuple[str, ...] = field(default_factory=tuple)
    reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)  # survival summaries of published reviews, same endpoint
    other_reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)  # the rest of the reviews' results for this endpoint
    include_secondary: bool = False

    @property
    def study_ids(self) -> list[str]:
        return sorted({c.study_id for c in self.curves})

    @property
    def secondary_studies(self) -> list[str]:
        return sorted({c.study_id for c in self.curves if c.secondary})


def survival_view(ev, filters: Filters, labels: Labels, include_secondary: bool = False) -> SurvivalView:
    """Curves, pooled landmarks and reviews for `filters`.

    include_secondary : pool secondary-only studies too (off by default: their numbers were
        copied by another paper, unchecked against the original).
    """
    survival = ev.survival
    survival = survival[survival["endpoint"] == filters.endpoint]
    cohorts = ev.cohorts
    broader = broader_map(ev.vocabulary)
    selected = select_cohorts(cohorts, filters, broader)
    secondary = set(ev.studies.loc[ev.studies["evidence_level"] == "secondary_only", "id"])
    curves = tuple(c for c in (cohort_curve(row, survival, labels, secondary=row["study_id"] in secondary) for row in selected.to_dict("records")) if c)
    contrast = ()
    if filters.active_subgroups() or filters.compare != "none":
        shown = {c.cohort_id for c in curves}
        whole = whole_cohorts(cohorts, filters, broader)
        contrast = tuple(
            c
            for c in (
                cohort_curve(dict(row, match="contrast"), survival, labels, contrast=True, secondary=row["study_id"] in secondary)
                for row in whole.to_dict("records") if row["id"] not in shown
            )
            if c
        )
    pooled = _pooled(curves, filters, secondary=secondary, include_secondary=include_secondary) if filters.compare == "none" else ()
    small = tuple(c.name for c in curves if c.n is not None and c.n < 30)
    reviews = review_results(ev, filters.endpoint, {c.study_id for c in curves}, labels)
    summaries = survival_summaries(reviews)
    others = tuple(r for r in reviews if r not in summaries)
    return SurvivalView(
        filters.endpoint, curves, contrast, pooled, _readout(curves, labels), tuple(_notices(curves, filters, labels)), small,
        reviews=summaries, other_reviews=others, include_secondary=include_secondary,
    )


def cohort_curve(cohort: dict, survival: pd.DataFrame, labels: Labels, contrast: bool = False, secondary: bool = False) -> CurveView | None:
    rows = survival[survival["cohort_id"] == cohort["id"]]
    landmarks = rows[rows["kind"] == "landmark"].sort_values("time_years")
    medians = rows[rows["kind"] == "median"]
    if landmarks.empty and medians.empty:
        return None
    n = None if pd.isna(cohort["n"]) else int(cohort["n"])
    median = float(medians["time_years"].iloc[0]) if len(medians) else None
    curve, landmarks_used, median_used, notes = _fit_or_explain(landmarks, median, n)
    if curve is None:
        grid = values = np.array([], dtype=float)
        band = None
    else:
        grid = _grid([*landmarks["time_years"].tolist(), *([median] if median_used and median else [])])
        values = np.asarray(curve.at(grid), dtype=float)
        band = curve.band(grid) if getattr(curve, "band", None) else None
    points = [_point(r, used=landmarks_used) for r in landmarks.to_dict("records")]
    points += [_point(r, used=median_used) for r in medians.to_dict("records")]
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
    )


# Between reported points the curve is exp(-λt): a chord over Δ years departs from it by at most
# about S·(λΔ)²/8, under 0.2 percentage points for Δ = 0.25 y even at λ = 0.5/y (median 1.4 y).
# A finer grid only made the page slower: at 0.1 y the default Survival chart carried 55 KB of
# points, and redrawing it took ~30 ms more of every filter change (bench A/B, 20 rounds).
GRID_STEP_YEARS = 0.25


def _grid(reported_times: list[float]) -> np.ndarray:
    """Times to draw the curve at: an even grid plus every reported time, so the drawn line passes
    exactly through each reported marker instead of cutting the corner between grid points, plus
    the readout's years, so that the readout (value_at) reads the curve, not a chord."""
    end = max(reported_times)
    steps = max(int(np.ceil(end / GRID_STEP_YEARS)), 1)
    readout = [year for year in READOUT_YEARS if year <= end]
    return np.unique(np.concatenate([np.linspace(0, end, steps + 1), reported_times, readout]))


def _fit_or_explain(landmarks: pd.DataFrame, median: float | None, n: int | None):
    """(curve or None, landmarks used, median used, notes). Points that cannot all be true are never
    bent into a curve: a median that contradicts the landmarks is dropped (the landmarks carry more
    information), and landmarks that rise over time leave only the reported points on the chart."""
    try:
        return _build(landmarks, median, n, on_conflict="raise"), True, True, ()
    except InconsistentLandmarksError as err:
        first = err
    try:
        curve = _build(landmarks, median, n, on_conflict="drop_median")
        note = f"Reported points conflict ({first}); the curve follows the landmarks and the median is shown but not used."
        return curve, True, False, (note,)
    except InconsistentLandmarksError as err:
        note = f"Reported points conflict ({err}); no curve is drawn, only the reported points (see Discrepancies)."
        return None, False, False, (note,)


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


def _point(row: dict, used: bool) -> ReportedPoint:
    if row["kind"] == "median":
        text = f"median {row['time_value']:g} {row['time_unit']}"
        value = 0.5
    else:
        text = f"{100 * row['survival']:.1f}% at {row['time_value']:g} {row['time_unit']}"
        value = float(row["survival"])
    ci = (None, None) if pd.isna(row["ci_lower"]) else (float(row["ci_lower"]), float(row["ci_upper"]))
    if ci[0] is not None:
        text += f" (95% CI {100 * ci[0]:.1f}–{100 * ci[1]:.1f}%)"
    return ReportedPoint(
        row_id=row["id"], time_years=float(row["time_years"]), survival=value, kind=row["kind"], ci_lower=ci[0], ci_upper=ci[1],
        text=text, locator=row["locator"], quote=row["quote"], used_in_curve=used,
        flag="" if used else "not used for the curve: the reported points conflict (see Discrepancies)",
    )


def _readout(curves: tuple[CurveView, ...], labels: Labels) -> pd.DataFrame:
    records = []
    for curve in curves:
        study = tagged_secondary(curve.study_label) if curve.secondary else curve.study_label
        record = {"Study": study, "Group": curve.arm_label, "n": "not stated" if curve.n is None else str(curve.n)}
        for year in READOUT_YEARS:
            record[f"{year} y"] = value_at(curve, year)
        record["Source"] = "; ".join(sorted({p.locator for p in curve.points}))
        records.append(record)
    return pd.DataFrame(records)


def tagged_secondary(label: str) -> str:
    """'Sarmiento 2003 (secondary source)', unless the label already says it is secondary."""
    return label if "secondary" in label.lower() else f"{label} ({SECONDARY})"


def value_at(curve: CurveView, year: float) -> str:
    for p in curve.points:
        if p.kind == "landmark" and math.isclose(p.time_years, year, abs_tol=1e-6):
            return f"{100 * p.survival:.1f}% (reported{', ' + SECONDARY if curve.secondary else ''})"
    if not len(curve.times):
        return "— (reported points conflict: no curve)"
    if year > curve.times[-1] + 1e-9:
        return "— (beyond reported data)"
    value = float(np.interp(year, curve.times, curve.survival))
    return f"{100 * value:.1f}% (derived: interpolated)"


def _pooled(curves: tuple[CurveView, ...], filters: Filters, secondary: set[str], include_secondary: bool = False) -> tuple[PooledPoint, ...]:
    """Pool reported landmarks at times two or more studies share. Groups without a stated n never
    enter the pool; secondary-only studies (numbers known only from another paper's table) enter
    only when asked for, and each pooled point says which did or were left out."""
    by_time: dict[float, dict[str, tuple[float, int]]] = {}
    left_out: dict[float, set[str]] = {}
    for curve in curves:
        if curve.match != "exact" or curve.n is None:
            continue
        for p in curve.points:
            if p.kind != "landmark":
                continue
            time = round(p.time_years, 4)
            if curve.study_id in secondary and not include_secondary:
                left_out.setdefault(time, set()).add(curve.study_id)
                continue
            by_time.setdefault(time, {}).setdefault(curve.study_id, (p.survival, curve.n))
    out = []
    for time, per_study in sorted(by_time.items()):
        if len(per_study) < 2:
            continue
        studies = sorted(per_study)
        result = pool_survival_at(time, [per_study[s][0] for s in studies], [per_study[s][1] for s in studies], method=filters.method)
        out.append(PooledPoint(
            time, result.estimate, result.ci_lower, result.ci_upper, result.k, result.i2, result.tau2, tuple(studies), result.method,
            patients=sum(per_study[s][1] for s in studies),
            secondary_included=tuple(s for s in studies if s in secondary),
            secondary_left_out=tuple(sorted(left_out.get(time, ()))),
            variance_from=result.variance_from, notes=tuple(result.notes),
        ))
    return tuple(out)


def _notices(curves: tuple[CurveView, ...], filters: Filters, labels: Labels) -> list[str]:
    studies = {c.study_id for c in curves}
    endpoint = labels.value("endpoint", filters.endpoint)
    if not studies:
        return [f"No study reports {endpoint} for this selection. Widen a filter, or see the contrast curves and the Evidence page."]
    notes = []
    if len(studies) == 1:
        notes.append(f"Only one study ({labels.study(next(iter(studies)))}) reports {endpoint} for this selection: nothing to pool, and one series cannot show how results vary between centres.")
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
        rows.append({
            "Years": f"{p.time_years:g}", "Pooled survival": f"{100 * p.estimate:.1f}%", "95% CI": f"{100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%",
            "Studies (k)": p.k, "Patients (n)": "not stated" if p.patients is None else p.patients, "Secondary-only studies": secondary,
            "I²": f"{p.i2:.0f}%", "τ²": f"{p.tau2:.3f}", "Method": p.method, "Studies": ", ".join(labels.study(s) for s in p.studies),
        })
    return rows


def pooling_caveats(view: SurvivalView) -> list[str]:
    """The fit's caveats, each said once for the whole table (they repeat at every time)."""
    return list(dict.fromkeys(note for p in view.pooled for note in p.notes))


def secondary_pool_note(view: SurvivalView, labels: Labels) -> str:
    """One sentence naming the secondary-only studies the pool left out or took in ('' if none)."""
    included = sorted({s for p in view.pooled for s in p.secondary_included})
    left_out = sorted({s for p in view.pooled for s in p.secondary_left_out})
    if included:
        return "Secondary-only studies pooled (switched on): " + ", ".join(labels.study(s) for s in included) + "."
    if left_out:
        return ("Secondary-only studies left out of the pool (numbers known only from another paper's table): "
                + ", ".join(labels.study(s) for s in left_out) + ". Switch on ‘Include secondary-only studies in the pool’ to add them.")
    return ""


def describe_survival(view: SurvivalView, labels: Labels) -> str:
    """The Survival figure in words: for screen readers (alt text) and for anyone who cannot see it."""
    endpoint = labels.value("endpoint", view.endpoint)
    if not view.curves and not view.contrast:
        return f"No study reports {endpoint} for this selection: there is no figure."
    parts = [f"{endpoint} after liver surgery, {len(view.curves)} curve(s)."]
    for curve in view.curves:
        reported = [p.text for p in curve.points if p.used_in_curve] or ["no point usable for a curve"]
        parts.append(f"{curve.name}: {', '.join(reported)}.")
    for p in view.pooled:
        parts.append(f"Pooled (derived) at {p.time_years:g} years: {100 * p.estimate:.1f}% "
                     f"(95% CI {100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%), {p.k} studies, I² {p.i2:.0f}%.")
    if view.contrast:
        parts.append(f"{len(view.contrast)} whole cohorts drawn in grey for contrast.")
    return " ".join(parts)
