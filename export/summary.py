"""What the one-page summary for the minutes prints: the rows of numbers and the summary itself, checked as they are
made (every number says reported or derived; the time has a zone). Pure data: export.pdf lays it out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

NOT_SPECIFIED = "not specified"
NOT_STATED = "not stated"
EVIDENCE_NOT_ADVICE = (
    "Evidence from published series, not a treatment recommendation. Values marked \u201cderived\u201d were computed "
    "by the app from reported numbers by the method named; all others are as reported in the source."
)


@dataclass(frozen=True)
class NumberRow:
    """One number on the screen, as the minutes should carry it.

    ``value`` is already formatted by the page (e.g. "HR 2.31 (95% CI 1.40–3.82)"); this module never computes one.
    ``provenance`` is "reported" (optionally with a qualifier in brackets: "reported (secondary source…)") or
    "derived: <method>".
    """

    what: str
    value: str
    n: int | str | None
    provenance: str
    source: str
    locator: str
    group: str = ""  # what kind of row ('whole cohorts for contrast'): a row left out for space is named by its group

    def __post_init__(self) -> None:
        kind = self.provenance.strip().lower()
        if not (kind == "reported" or kind.startswith(("reported (", "derived:"))):
            raise ValueError(
                f"provenance must be 'reported' or 'derived: <method>', got {self.provenance!r} "
                f"for {self.what!r}: every printed number says where it came from."
            )


@dataclass(frozen=True)
class CaseDetails:
    """What the presenter types for the minutes. Kept in the session only: never in the link, the URL or a log."""

    label: str = ""
    meeting_date: date | None = None
    presented_by: str = ""

    @property
    def text(self) -> str:
        parts = [
            f"Case: {self.label.strip()}" if self.label.strip() else "",
            f"Meeting: {self.meeting_date:%Y-%m-%d}" if self.meeting_date else "",
            f"Presented by: {self.presented_by.strip()}" if self.presented_by.strip() else "",
        ]
        return "   \u00b7   ".join(p for p in parts if p)


@dataclass(frozen=True)
class BoardSummary:
    """Everything the one-page summary prints, in the order the page reads.

    profile: (label, value) pairs of the patient profile / filters; a None or empty value prints "not specified".
    figures: (caption, PNG bytes) pairs, e.g. from ``figure_png(fig, 960, 540)``.
    numbers: NumberRow items, or 6-tuples in NumberRow's field order.
    notices: plain sentences such as "No cohort matches this profile."
    bottom_line: one sentence per endpoint, read first; feature_lines: one per entered feature.
    certainty: one line per outcome of the summary of findings (estimate, GRADE certainty, why rated down).
    contradictions: the recorded source contradictions that touch the numbers shown, one sentence each.
    """

    title: str
    generated_at: datetime
    profile: Sequence[tuple[str, str | None]]
    figures: Sequence[tuple[str, bytes]]
    numbers: Sequence[NumberRow]
    evidence_version: str
    curated_on: date | str
    link: str
    limits: str
    notices: Sequence[str] = field(default_factory=tuple)
    case: CaseDetails = field(default_factory=CaseDetails)
    bottom_line: Sequence[str] = field(default_factory=tuple)
    feature_lines: Sequence[str] = field(default_factory=tuple)
    contradictions: Sequence[str] = field(default_factory=tuple)
    certainty: Sequence[str] = field(default_factory=tuple)  # one line per graded outcome (summary of findings)
    figure_min_width: float = 0.0  # mm: narrower, the figure's smallest text would print under 8 pt

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None or self.generated_at.utcoffset() is None:
            raise ValueError(
                "generated_at needs a time zone (e.g. datetime.now(ZoneInfo('Europe/Berlin'))): "
                "the minutes print date, time and zone."
            )
        rows = tuple(r if isinstance(r, NumberRow) else NumberRow(*r) for r in self.numbers)
        object.__setattr__(self, "numbers", rows)
        object.__setattr__(self, "profile", tuple((str(k), v) for k, v in self.profile))
        object.__setattr__(self, "figures", tuple((str(c), bytes(b)) for c, b in self.figures))
        for name in ("notices", "bottom_line", "feature_lines", "contradictions", "certainty"):
            object.__setattr__(self, name, tuple(str(n) for n in getattr(self, name)))


def nothing_to_export_reason(summary: BoardSummary) -> str | None:
    """Why an export of this view would show no figure and no number, or None when there is something to show."""
    if summary.figures or summary.numbers or summary.bottom_line:
        return None
    if summary.notices:
        return "Nothing to show for this view: " + " ".join(sentence(n) for n in summary.notices)
    return (
        "Nothing to show for this view: the current profile and filters select no reported figure or number. "
        "Widen the filters in the app to see the nearest evidence."
    )


def generated_at_text(moment: datetime) -> str:
    """'2025-03-14 14:05 CET (UTC+01:00)': date, time and zone, as the minutes print it."""
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    zone = moment.tzname() or ""
    if zone in ("", "UTC", offset) or zone.startswith(("UTC+", "UTC-")):
        return f"{moment:%Y-%m-%d %H:%M} {offset}"
    return f"{moment:%Y-%m-%d %H:%M} {zone} ({offset})"


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
