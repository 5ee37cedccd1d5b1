"""A unit's own series beside the published evidence: its patients selected by the same filters (where its columns
allow), its Kaplan–Meier survival at 1, 3, 5 and 10 years beside the pooled values, a funnel plot of 5-year survival
against series size, and log-rank tests across its own subgroups. Local data are never pooled with the evidence."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evidence.relations import is_within
from local_series.parse import DIMENSION_COLUMNS, LocalSeries
from local_series.summary import SOURCE as SUMMARY_SOURCE
from local_series.summary import YEARS, LocalSummary
from stats.funnel import LEVELS, FunnelPosition, control_limits, position
from stats.local_survival import MIN_GROUP, GroupComparison, LocalSurvival, SurvivalAt, compare_groups, local_survival

from .filters import FILTER_LABELS, FILTERS, SPEC, UNRESTRICTED, Filters, value_label
from .labels import Labels
from .survival import SurvivalView, readout_value

LOCAL_MARK = "local data, not published, not checked"
UNIT = "Our unit"
FUNNEL_YEAR = 5
FEW_AT_RISK = 10  # fewer patients still followed: the value is said to be imprecise beside it
MAX_DRAWN_STEPS = 800  # a curve of more steps is drawn at as many evenly spaced times (the values stay exact)
KM_METHOD = "Kaplan–Meier (lifelines; 95% CI log-log, as R survfit conf.type = 'log-log')"
SURGICAL = "liver_surgery"
# filters a unit's patient table has no column for (the board's profile): named as not applied when set
PROFILE_ONLY = tuple(f.name for f in FILTERS if f.board_label and f.name not in (*DIMENSION_COLUMNS, "treatment"))


@dataclass(frozen=True)
class UnitValue:
    """The unit's survival at one year: from its patients (Kaplan–Meier), as entered, or none and why."""

    years: int
    value: float | None
    ci_lower: float | None = None
    ci_upper: float | None = None
    at_risk: int | None = None
    how: str = ""  # 'Kaplan–Meier' | 'entered' | why there is none

    @property
    def text(self) -> str:
        if self.value is None:
            return f"— ({self.how})"
        if self.value == 0:
            return "0.0% (every patient followed this long had died)"
        ci = f" ({100 * self.ci_lower:.1f}–{100 * self.ci_upper:.1f})" if self.ci_lower is not None else ""
        few = (
            f"; only {self.at_risk} at risk: imprecise"
            if self.at_risk is not None and self.at_risk < FEW_AT_RISK
            else ""
        )
        return f"{100 * self.value:.1f}%{ci}{few}"


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    n: int
    survival: float
    kind: str  # 'reported' | 'derived' | 'unit'
    how: str  # the derivation, the locator, or the unit's method
    secondary: bool = False  # known only from another paper's table


@dataclass(frozen=True)
class FunnelView:
    target: float  # the pooled 5-year survival of the current filters
    target_text: str
    points: tuple[FunnelPoint, ...]
    unit: FunnelPoint | None
    unit_position: FunnelPosition | None
    sizes: np.ndarray  # where the limits are drawn
    limits: tuple[tuple[float, np.ndarray, np.ndarray], ...]  # (level, lower, upper)
    not_placed: tuple[str, ...] = ()  # series with no 5-year value or no n, and why


@dataclass(frozen=True)
class DrawnCurve:
    times: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    at_risk_times: tuple[float, ...]
    at_risk: tuple[int, ...]
    thinned: bool


@dataclass(frozen=True)
class UnitView:
    source: str
    kind: str  # 'patients' | 'summary'
    n_total: int
    n: int  # after the filters
    deaths: int | None
    applied: tuple[str, ...]
    not_applied: tuple[str, ...]
    values: tuple[UnitValue, ...]
    pooled: dict[int, str]  # year -> the pooled value's text, or why there is none
    survival: LocalSurvival | None = None
    curve: DrawnCurve | None = None
    funnel: FunnelView | None = None
    funnel_reason: str = ""
    notes: tuple[str, ...] = ()
    patients: pd.DataFrame | None = field(default=None, repr=False, compare=False)  # the selected patients
    columns: tuple[str, ...] = ()  # the profile columns the unit's data have
    file: str = ""  # the uploaded file's name, or what the numbers are (the minutes' locator)

    @property
    def legend(self) -> str:
        return f"{UNIT} ({LOCAL_MARK}; n = {self.n})"

    def value(self, years: int) -> UnitValue:
        return next(v for v in self.values if v.years == years)


BOARD_NOT_POOLED = "not pooled on the board: the closest published cohorts are in the table above"


def unit_view(
    data: LocalSeries | LocalSummary,
    filters: Filters,
    survival: SurvivalView,
    labels: Labels,
    broader,
    never_pooled: str = "",
):
    """The unit's series under `filters`, set beside `survival` (the published view of the same filters, OS).
    `never_pooled`: why `survival` holds no pool whatever the evidence (the board's view), said in the pooled column."""
    pooled = {year: never_pooled for year in YEARS} if never_pooled else pooled_texts(survival)
    notes = []
    if filters.endpoint != "OS":
        notes.append(
            f"Your data are overall survival (death from any cause); the published values beside them are overall "
            f"survival too, not {labels.value('endpoint', filters.endpoint)}."
        )
    if isinstance(data, LocalSummary):
        return _summary_view(data, filters, survival, labels, pooled, tuple(notes))
    patients, applied, not_applied = select_patients(data, filters, labels, broader)
    source = f"{data.file} ({data.n} patients; times given in {data.time_unit})"
    if patients.empty:
        return UnitView(
            source,
            "patients",
            data.n,
            0,
            0,
            applied,
            not_applied,
            tuple(UnitValue(y, None, how="no patient of yours matches the filters") for y in YEARS),
            pooled,
            funnel_reason="No patient of yours matches the filters.",
            notes=tuple(notes),
            columns=data.columns,
            file=data.file,
        )
    fitted = local_survival(patients["time_years"], patients["event"])
    values = tuple(_km_value(fitted.at(y)) for y in YEARS)
    funnel, reason = funnel_view(survival, labels, _funnel_unit(values, fitted.n, fitted.effective_n(FUNNEL_YEAR)))
    return UnitView(
        source,
        "patients",
        data.n,
        fitted.n,
        fitted.deaths,
        applied,
        not_applied,
        values,
        pooled,
        fitted,
        drawn_curve(fitted),
        funnel,
        reason,
        tuple(notes),
        patients,
        data.columns,
        data.file,
    )


def subgroup_tests(view: UnitView) -> tuple[GroupComparison, ...]:
    """Log-rank across the groups of each profile column the selected patients have two or more values of (asked for
    only when the page's section is open: the tests cost more than the rest of the view)."""
    if view.patients is None:
        return ()
    tests = (compare_groups(view.patients, c) for c in view.columns if view.patients[c].notna().any())
    return tuple(c for c in tests if len(c.groups) + len(c.left_out) > 1)


def _summary_view(summary: LocalSummary, filters, survival, labels, pooled, notes) -> UnitView:
    values = tuple(
        UnitValue(y, summary.survival[y], how="entered")
        if y in summary.survival
        else UnitValue(y, None, how="not entered")
        for y in YEARS
    )
    profile = [f"{FILTER_LABELS[d]}: {labels.value(d, v)}" for d, v in summary.profile.items()]
    active = [d for d in DIMENSION_COLUMNS if getattr(filters, d) not in UNRESTRICTED] + profile_only_set(filters)
    not_applied = (
        (f"{', '.join(SPEC[d].label for d in active)} (summary numbers describe the whole series you entered)",)
        if active
        else ()
    )
    differs = [
        FILTER_LABELS[d]
        for d, v in summary.profile.items()
        if getattr(filters, d, "any") not in UNRESTRICTED and getattr(filters, d) != v
    ]
    if differs:
        not_applied += (f"your series' profile differs from the filters on {', '.join(differs)}",)
    funnel, reason = funnel_view(survival, labels, _funnel_unit(values, summary.patients))
    return UnitView(
        SUMMARY_SOURCE + (f" (profile: {'; '.join(profile)})" if profile else ""),
        "summary",
        summary.patients,
        summary.patients,
        summary.deaths,
        (),
        not_applied,
        values,
        pooled,
        funnel=funnel,
        funnel_reason=reason,
        notes=notes,
        file=SUMMARY_SOURCE,
    )


def select_patients(data: LocalSeries, filters: Filters, labels: Labels, broader):
    """The unit's patients the filters select (a patient's value within the filter's, as for cohorts), what was
    applied and what could not be (no such column; a profile field no column carries)."""
    keep = pd.Series(True, index=data.patients.index)
    applied, not_applied = [], []
    for dim in DIMENSION_COLUMNS:
        wanted = getattr(filters, dim)
        if wanted in UNRESTRICTED:
            continue
        words = f"{FILTER_LABELS[dim]}: {labels.value(dim, wanted)}"
        if dim not in data.columns:
            not_applied.append(f"{words} (your data have no '{dim}' column)")
            continue
        values = data.patients[dim]
        within = {v for v in values.dropna().unique() if is_within(broader, dim, v, wanted)}
        chosen = values.isin(within)
        unrecorded = int((values.isna() & keep).sum())
        keep &= chosen
        applied.append(
            f"{words} ({int(keep.sum())} of your {data.n} patients remain"
            + (f"; {unrecorded} without a recorded value left out)" if unrecorded else ")")
        )
    if filters.treatment not in UNRESTRICTED and not is_within(broader, "treatment", SURGICAL, filters.treatment):
        not_applied.append(
            f"{FILTER_LABELS['treatment']}: {labels.value('treatment', filters.treatment)} (your series is taken to be "
            "patients operated on for liver metastases)"
        )
    for name in profile_only_set(filters):
        shown = value_label(labels, name, getattr(filters, name))
        not_applied.append(f"{SPEC[name].label}: {shown} (no column for it in your data)")
    return data.patients[keep], tuple(applied), tuple(not_applied)


def profile_only_set(filters: Filters) -> list[str]:
    """The board's profile fields set to a value that no column of a unit's data carries (liver burden, timing…)."""
    return [n for n in PROFILE_ONLY if not filters.is_default(n) and getattr(filters, n) not in UNRESTRICTED]


def _km_value(at: SurvivalAt) -> UnitValue:
    if at.survival is None:
        return UnitValue(int(at.years), None, at_risk=at.at_risk, how=at.why_none)
    return UnitValue(int(at.years), at.survival, at.ci_lower, at.ci_upper, at.at_risk, "Kaplan–Meier")


def pooled_texts(view: SurvivalView) -> dict[int, str]:
    out = {}
    for year in YEARS:
        point = next((p for p in view.pooled if math.isclose(p.time_years, year)), None)
        refused = next((p for p in view.not_pooled if math.isclose(p.time_years, year)), None)
        if point is not None:
            out[year] = (
                f"{100 * point.estimate:.1f}% ({100 * point.ci_lower:.1f}–{100 * point.ci_upper:.1f}); 95% PI "
                f"{point.pi_text}; derived: random-effects pool of {point.k} studies"
            )
        elif refused is not None:
            out[year] = f"not pooled: {refused.reason}"
        else:
            out[year] = "not pooled: fewer than two independent primary series report this time for these filters"
    return out


def _funnel_unit(values: tuple[UnitValue, ...], n: int, effective: float | None = None) -> FunnelPoint | UnitValue:
    """The unit on the funnel: patients' data at their effective size (censoring makes a series of n patients as
    precise as a smaller complete one), entered numbers at the patients entered."""
    at = next(v for v in values if v.years == FUNNEL_YEAR)
    if at.value is None:
        return at
    if at.how != "Kaplan–Meier":
        return FunnelPoint(f"{UNIT} ({LOCAL_MARK})", n, at.value, "unit", "entered on the page; placed at its patients")
    if effective is None:
        return FunnelPoint(f"{UNIT} ({LOCAL_MARK})", n, at.value, "unit", f"{KM_METHOD}; placed at its {n} patients")
    size = max(1, round(min(effective, n)))
    how = (
        f"{KM_METHOD}; placed at its effective size {size} of {n} patients, S(1 − S)/SE² with Greenwood's SE: "
        "censoring before 5 years makes it as precise as that many patients all followed to 5 years"
    )
    return FunnelPoint(f"{UNIT} ({LOCAL_MARK})", size, at.value, "unit", how)


def funnel_view(survival: SurvivalView, labels: Labels, unit) -> tuple[FunnelView | None, str]:
    """5-year survival against patients, around the pooled 5-year value of these filters (Spiegelhalter 2005)."""
    target = next((p for p in survival.pooled if math.isclose(p.time_years, FUNNEL_YEAR)), None)
    if target is None:
        return None, (
            "No funnel plot: the published series are not pooled at 5 years for these filters, so there is no "
            "target to draw the limits around."
        )
    points, not_placed = [], []
    for curve in (c for c in survival.curves if c.poolable and c.match == "exact"):
        label = f"{curve.study_label}: {curve.arm_label}"
        value = readout_value(curve, FUNNEL_YEAR)
        if curve.n is None:
            not_placed.append(f"{label}: n not stated")
        elif value.value is None:
            not_placed.append(f"{label}: no 5-year value ({value.how})")
        else:
            where = next(
                (
                    p.locator
                    for p in curve.points
                    if p.kind == "landmark" and p.time_years is not None and math.isclose(p.time_years, FUNNEL_YEAR)
                ),
                "",
            )
            how = f"reported ({where})" if value.kind == "reported" else f"derived: {value.how}"
            points.append(FunnelPoint(label, curve.n, value.value, value.kind, how, curve.secondary))
    unit_point = unit if isinstance(unit, FunnelPoint) else None
    if unit_point is None:
        not_placed.append(f"{UNIT}: no 5-year value ({unit.how})")
    largest = max([p.n for p in points] + ([unit_point.n] if unit_point else []) + [50])
    sizes = np.unique(np.round(np.geomspace(5, largest * 1.15, 200)))
    limits = tuple((level, *control_limits(target.estimate, sizes, level)) for level in LEVELS)
    return (
        FunnelView(
            target.estimate,
            f"pooled 5-year survival {100 * target.estimate:.1f}% (derived: random-effects pool of {target.k} studies)",
            tuple(points),
            unit_point,
            position(unit_point.survival, unit_point.n, target.estimate) if unit_point else None,
            sizes,
            limits,
            tuple(not_placed),
        ),
        "",
    )


def drawn_curve(fitted: LocalSurvival) -> DrawnCurve:
    """The step function to draw (at most MAX_DRAWN_STEPS times) and the numbers at risk at the axis' ticks."""
    times = np.asarray(fitted.km.times)
    survival, lower, upper = (np.asarray(a) for a in (fitted.km.survival, fitted.km.ci_lower, fitted.km.ci_upper))
    thinned = len(times) > MAX_DRAWN_STEPS
    if thinned:
        grid = np.linspace(0.0, times[-1], MAX_DRAWN_STEPS)
        index = np.searchsorted(times, grid, side="right") - 1
        times, survival, lower, upper = grid, survival[index], lower[index], upper[index]
    return DrawnCurve(times, survival, lower, upper, *_at_risk_table(fitted), thinned)


def _at_risk_table(fitted: LocalSurvival) -> tuple[tuple[float, ...], tuple[int, ...]]:
    last = max(10.0, math.ceil(fitted.longest_years))
    step = 1 if last <= 10 else 2 if last <= 20 else 5
    ticks = tuple(float(t) for t in np.arange(0, last + 1e-9, step))
    return ticks, tuple(fitted.at_risk(ticks))


def comparison_rows(comparisons: tuple[GroupComparison, ...], labels: Labels) -> list[dict]:
    rows = []
    for c in comparisons:
        groups = "; ".join(f"{labels.value(c.column, v)}: {n} patients, {d} deaths" for v, n, d in c.groups)
        small = "; ".join(f"{labels.value(c.column, v)} ({n})" for v, n in c.left_out)
        rows.append(
            {
                "Your patients by": FILTER_LABELS[c.column],
                "Groups tested": groups or "—",
                "Log-rank": (
                    f"χ² {c.statistic:.2f}, {c.df} df, p = {_p(c.p)}"
                    if c.p is not None
                    else f"not tested: fewer than two groups of {MIN_GROUP} or more patients"
                ),
                f"Left out (< {MIN_GROUP} patients)": small or "—",
            }
        )
    return rows


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def readout_rows(view: UnitView) -> list[dict]:
    how = KM_METHOD if view.kind == "patients" else "entered on the page (no CI: summary numbers carry no censoring)"
    return [
        {
            "Years": v.years,
            f"{UNIT} ({LOCAL_MARK})": v.text,
            "At risk": "—" if v.at_risk is None else v.at_risk,
            "How": how if v.value is not None else "",
            "Published, pooled": view.pooled[v.years],
        }
        for v in view.values
    ]


def describe_unit(view: UnitView) -> str:
    """The unit against the evidence in words, for the page's first line, the figure's words and the minutes."""
    five = view.value(FUNNEL_YEAR)
    head = f"{UNIT}: {view.n} patients" + (f", {view.deaths} deaths" if view.deaths is not None else "")
    if five.value is None:
        return f"{head}; 5-year survival {five.text}."
    text = f"{head}; 5-year survival {five.text}" + (
        " (Kaplan–Meier, 95% CI)" if view.kind == "patients" else " (entered)"
    )
    if view.funnel is not None and view.funnel.unit_position is not None:
        place = view.funnel.unit_position
        text += (
            f"; on the funnel plot {place.side + ' and ' if place.side else ''}{place.zone} around the "
            f"{view.funnel.target_text}"
            + ("" if not place.side else ": a question about case mix, selection and data to look into, not a verdict")
        )
    return text + f". {LOCAL_MARK.capitalize()}."


def series_facts(view: UnitView, data: LocalSeries | LocalSummary | None = None) -> str:
    """Median survival and follow-up, and when the patients were operated, as far as the data give them (computed from
    patients, as entered for summary numbers)."""
    summary = data if isinstance(data, LocalSummary) else None
    facts = []
    if view.survival is not None:
        fitted = view.survival
        facts.append(
            "median survival not reached"
            if fitted.median_years is None
            else f"median survival {fitted.median_years:.1f} years (derived: Kaplan–Meier)"
        )
        if fitted.median_follow_up_years is not None:
            facts.append(f"median follow-up {fitted.median_follow_up_years:.1f} years (derived: reverse Kaplan–Meier)")
    if (
        view.patients is not None
        and "resection_year" in view.patients
        and view.patients["resection_year"].notna().any()
    ):
        years = view.patients["resection_year"].dropna()
        facts.append(f"operated {int(years.min())}–{int(years.max())}")
    if summary is not None:
        if summary.median_not_reached:
            facts.append("median survival not reached (entered)")
        elif summary.median_years is not None:
            facts.append(f"median survival {summary.median_years:g} years (entered)")
        if summary.follow_up_months is not None:
            facts.append(f"median follow-up {summary.follow_up_months:g} months (entered)")
    return "; ".join(facts)
