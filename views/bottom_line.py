"""The board's bottom line: for each endpoint, one sentence that can be read aloud to the room. It gives the 5- and
10-year values the closest cohorts report (derived values said apart and after), how many studies and patients stand
behind them, how many of the entered features those cohorts share, and what the evidence leaves out.

Pure: it only arranges values the survival view already holds (readout_value, reported_median); it computes none."""

from __future__ import annotations

from dataclasses import dataclass

from .board_factors import effective_profile
from .filters import UNRESTRICTED, Filters, value_label
from .labels import Labels
from .survival import CurveView, readout_value, reported_median, time_text

YEARS = (5, 10)
# OS always; a recurrence endpoint only where a cohort close to the patient reports it
ENDPOINTS = ("OS", "DFS", "RFS")
RECURRENCE_ENDPOINTS = ("DFS", "RFS")
AFTER_RECURRENCE = "PRS"  # survival counted from the recurrence, for a patient who has recurred
MAX_NAMED = 4
CERTAINTY_NOT_ASSESSED = "not yet graded"


@dataclass(frozen=True)
class Part:
    """A piece of the sentence and what it is: 'reported', 'derived', 'missing' or 'plain' (words around numbers)."""

    text: str
    kind: str = "plain"


@dataclass(frozen=True)
class EndpointLine:
    endpoint: str
    label: str
    basis: str  # 'match' (cohorts matching entered features), 'grade' (the grade's own cohorts), 'whole', 'none'
    parts: tuple[Part, ...]
    studies: tuple[str, ...] = ()
    cohorts: int = 0
    matches: int = 0  # entered features the closest cohort shares
    entered: int = 0
    certainty: str = CERTAINTY_NOT_ASSESSED  # the certainty assessment fills this in
    cohort_ids: tuple[str, ...] = ()  # the closest cohorts, whose values the sentence gives
    # each closest cohort with the entered features it is not defined by, in words (what its numbers are indirect on)
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def sentence(self) -> str:
        return "".join(p.text for p in self.parts)


def endpoint_line(
    endpoint: str,
    drawn,
    filters: Filters,
    labels: Labels,
    entered: tuple[str, ...],
    field_labels: dict[str, str],
    ancestors: dict[str, frozenset[str]] | None = None,
) -> EndpointLine | None:
    """`drawn`: views.board.ProfileCurves for this endpoint. None for a recurrence endpoint nobody close reports.
    ancestors: cohort -> the cohorts containing it (a whole cohort and its own subgroups are one cohort here)."""
    label = labels.value("endpoint", endpoint)
    matched_curves = [c for c in drawn.curves if c.cohort_id in {m.cohort_id for m in drawn.shown}]
    by_id = {m.cohort_id: m for m in drawn.shown}
    best = max((len(by_id[c.cohort_id].matches) for c in matched_curves), default=0)
    grade_curves = [c for c in drawn.curves if c.cohort_id not in by_id]
    if matched_curves:
        closest, basis = [c for c in matched_curves if len(by_id[c.cohort_id].matches) == best], "match"
    elif grade_curves:
        closest, basis = grade_curves, "grade"
    elif endpoint not in ("OS", filters.endpoint, AFTER_RECURRENCE):
        return None
    elif drawn.contrast and filters.setting != "recurrence":
        whole = [c for c in drawn.contrast if c.poolable]
        ids = {c.cohort_id for c in whole}
        closest = [c for c in whole if not ((ancestors or {}).get(c.cohort_id, frozenset()) & ids)]
        basis = "whole"
    else:
        closest, basis = [], "none"
    parts = [Part(f"{label}: ")]
    if basis == "none":
        if filters.setting == "recurrence":
            parts.append(
                Part(
                    f"no cohort of patients who recurred reports {label.lower()} for what is entered; cohorts of recurred "
                    "patients are split by the recurrence: enter the recurrence's site, timing or treatment. "
                    "Survival after a first operation is in the figure, for contrast only.",
                    "missing",
                )
            )
        else:
            parts.append(Part(f"no cohort in the evidence table reports {label.lower()} for this profile.", "missing"))
        return EndpointLine(endpoint, label, basis, tuple(parts), entered=len(entered))
    if basis == "whole":
        parts.append(
            Part(
                "no cohort defined by an entered feature reports it; whole cohorts after liver surgery, for contrast: "
            )
        )
    parts += _values(closest)
    parts += _medians(closest)
    studies = tuple(dict.fromkeys(c.study_label for c in closest))
    parts.append(Part(f" {_cohorts_text(closest, studies)}."))
    parts += _caveats(closest, filters)
    covered = {f for m in drawn.shown for f in m.matches} | ({"grade"} if basis == "grade" else set())
    if covered & {"grade", "ki67"}:
        covered |= {"grade", "ki67"}  # one feature of the tumour: a cohort defined by either stands for both
    if basis == "match":
        sets = {tuple(by_id[c.cohort_id].matches) for c in closest}
        of = f"{best} of {len(entered)} entered feature{'s' if len(entered) != 1 else ''}"
        if len(sets) == 1:
            words = "; ".join(_feature(f, filters, labels, field_labels) for f in next(iter(sets)))
            many = len(closest) > 1
            parts.append(Part(f" The closest cohort{'s each match' if many else ' matches'} {of} ({words})."))
        else:
            each = "; ".join(
                f"{c.study_label}, {c.arm_label}: "
                + ", ".join(field_labels[f].lower() for f in by_id[c.cohort_id].matches)
                for c in closest
            )
            parts.append(
                Part(
                    f" The closest cohorts each match {of}, but different ones ({each}): none is defined by all of them."
                )
            )
    elif basis == "grade":
        parts.append(Part(" These are the grade's own cohorts, not restricted by the other entered features."))
    not_covered = [_feature(f, filters, labels, field_labels) for f in entered if f not in covered]
    missing = []
    for c in closest:
        own = set(by_id[c.cohort_id].matches) if c.cohort_id in by_id else set()
        own |= {"grade"} if basis == "grade" else set()
        if own & {"grade", "ki67"}:
            own |= {"grade", "ki67"}
        missing.append(
            (c.cohort_id, tuple(_feature(f, filters, labels, field_labels) for f in entered if f not in own))
        )
    if not_covered:
        parts.append(Part(f" No cohort reporting {label.lower()} is defined by: {'; '.join(not_covered)}.", "missing"))
    return EndpointLine(
        endpoint,
        label,
        basis,
        tuple(parts),
        studies,
        len(closest),
        best if basis == "match" else 0,
        len(entered),
        cohort_ids=tuple(c.cohort_id for c in closest),
        missing=tuple(missing),
    )


def _feature(name: str, filters: Filters, labels: Labels, field_labels: dict[str, str]) -> str:
    """'Primary tumour site: Pancreas'; the value alone when it names the field ('Extrahepatic disease'); a grade or
    Ki-67 standing in for the other says so."""
    entered = getattr(filters, name)
    value = value_label(labels, name, effective_profile(filters)[name] if name in ("grade", "ki67") else entered)
    if name in ("grade", "ki67") and entered in UNRESTRICTED:
        value += f" (from the entered {'Ki-67' if name == 'grade' else 'grade'})"
    field = field_labels[name]
    return value if value.lower().startswith(field.lower().split(":")[0].split()[0]) else f"{field}: {value}"


def _caveats(closest: list[CurveView], filters: Filters) -> list[Part]:
    """What the room must hear with the values: a cohort not all operated on, numbers copied from another paper, a time
    origin other than the liver operation, whole cohorts that are mostly low grade for a high-grade tumour."""
    out = []
    for c in closest:
        if not c.poolable:
            out.append(
                f"{c.study_label} is not a surgical series: its patients were also treated in other ways ({c.arm_label})."
            )
    secondary = sorted({c.study_label for c in closest if c.secondary})
    if secondary:
        out.append(f"Known only from another paper's table: {', '.join(secondary)}.")
    unstated = sorted({c.study_label for c in closest if c.time_origin == "not_stated"})
    if unstated:
        out.append(f"Not stated when survival time starts: {', '.join(unstated)}.")
    origins = sorted(
        {
            f"{c.study_label} counts time from {c.origin_words}"
            for c in closest
            if c.time_origin not in ("liver_surgery", "not_stated")
        }
    )
    if origins:
        out.append("; ".join(origins) + ".")
    if filters.grade == "g3" or filters.ki67 == "gt20":
        if any(c.contrast for c in closest) or not closest:
            out.append("These cohorts are mostly low grade and likely overstate survival for a G3 tumour.")
    return [Part(" " + text, "missing") for text in out]


def _values(closest: list[CurveView]) -> list[Part]:
    parts = []
    for i, year in enumerate(YEARS):
        cells = [readout_value(c, year) for c in closest]
        reported = [cell.value for cell in cells if cell.kind == "reported"]
        derived = [cell.value for cell in cells if cell.kind == "derived"]
        parts.append(Part(("; " if i else "") + f"{time_text(year, 'years')} "))
        if reported:
            parts.append(Part(f"{_range(reported)} reported" + _of(len(reported), len(closest)), "reported"))
        else:
            parts.append(Part("not reported", "missing"))
        if derived:
            parts.append(
                Part(
                    f" (derived between reported points: {_range(derived)}" + _of(len(derived), len(closest)) + ")",
                    "derived",
                )
            )
    return parts


def _medians(closest: list[CurveView]) -> list[Part]:
    """Each reported median with its study (and cohort when a study gives several), and how many cohorts report one."""
    studies = [c.study_label for c in closest]
    texts = []
    for c in closest:
        median = reported_median(c)
        if median is not None:
            whose = c.study_label if studies.count(c.study_label) == 1 else f"{c.study_label}, {c.arm_label}"
            texts.append(median.value_text + (f", {median.qualifier}" if median.qualifier else "") + f" ({whose})")
    if not texts:
        return []
    return [Part("; median "), Part("; ".join(texts) + " reported" + _of(len(texts), len(closest)), "reported")]


def _cohorts_text(closest: list[CurveView], studies: tuple[str, ...]) -> str:
    """Who stands behind the values: studies by name and each cohort's n; past a handful, counts and the range of n."""
    cohorts = f"{len(closest)} cohort{'s' if len(closest) != 1 else ''}"
    where = f"{len(studies)} stud{'ies' if len(studies) != 1 else 'y'}"
    if len(closest) <= MAX_NAMED:
        sizes = ", ".join("n not stated" if c.n is None else f"n = {c.n}" for c in closest)
        return f"({cohorts} from {where}: {', '.join(studies)}; {sizes})"
    stated = [c.n for c in closest if c.n is not None]
    unstated = len(closest) - len(stated)
    sizes = (f"{min(stated)}–{max(stated)} patients each" if stated else "") + (
        f"{'; ' if stated else ''}{unstated} without a stated n" if unstated else ""
    )
    return f"({cohorts} from {where}; {sizes}; listed in the table below)"


def _range(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{100 * low:.1f}%" if round(100 * low, 1) == round(100 * high, 1) else f"{100 * low:.1f}–{100 * high:.1f}%"


def _of(count: int, total: int) -> str:
    return "" if count == total else f" by {count} of {total}"


def no_recurrence_line(labels: Labels, endpoints: tuple[str, ...]) -> EndpointLine:
    names = " or ".join(labels.value("endpoint", e).lower() for e in endpoints)
    label = "Recurrence"
    parts = (Part(f"{label}: "), Part(f"no cohort close to this patient reports {names}.", "missing"))
    return EndpointLine("recurrence", label, "none", parts)
