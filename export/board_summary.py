"""The tumour-board view as the one-page summary for the minutes (export.summary.BoardSummary).
Pure: the page adds the figure's PNG, the time and the link; this module only reshapes numbers
the view already holds, and never computes one."""

from __future__ import annotations

from datetime import datetime

from views.board import BOARD_YEARS, PROFILE_LABELS
from views.limits import LIMITS
from views.survival import SECONDARY, readout_value, reported_median, tagged_secondary

from .pdf import summary_pdf
from .renderer import figure_png, figure_svg
from .summary import BoardSummary, NumberRow

TITLE = "Tumour board: published evidence on liver resection for NELM"


def readout_numbers(view) -> list[NumberRow]:
    """5- and 10-year values and the median of every drawn curve, matching cohorts first, each reported or
    derived (naming the points a derived value rests on). A value the data do not carry is left out."""
    why = {m.cohort_id: "; ".join(PROFILE_LABELS[f] for f in m.matches) for m in view.matched}
    rows = []
    for curve in (*view.survival.curves, *view.survival.contrast):
        study = tagged_secondary(curve.study_label) if curve.secondary else curve.study_label
        group = curve.arm_label + (f" [matches: {why[curve.cohort_id]}]" if curve.cohort_id in why else "")
        source = "; ".join(sorted({p.locator for p in curve.points}))
        n = "not stated" if curve.n is None else str(curve.n)
        labels = [f"{SECONDARY}: known only from another paper's table"] if curve.secondary else []
        if curve.time_origin != "liver_surgery":
            labels.append(f"time counted from: {curve.origin_words}")
        qualifier = f" ({'; '.join(labels)})" if labels else ""
        for year in BOARD_YEARS:
            cell = readout_value(curve, year)
            if cell.kind == "none":
                continue
            provenance = (
                f"reported{qualifier}"
                if cell.kind == "reported"
                else f"derived: {cell.how}{'; ' + '; '.join(labels) if labels else ''}"
            )
            rows.append(
                NumberRow(
                    f"{study}: {group}, survival at {year} y", f"{100 * cell.value:.1f}%", n, provenance, study, source
                )
            )
        median = reported_median(curve)
        if median is not None:
            value = median.value_text + (f" ({median.qualifier})" if median.qualifier else "")
            rows.append(
                NumberRow(f"{study}: {group}, median survival", value, n, f"reported{qualifier}", study, source)
            )
    return rows


def direction_numbers(view) -> list[NumberRow]:
    """Per factor, which way it points for this patient: derived, a summary of its estimates naming the deciding ones and
    whether they were adjusted. First in the minutes: the bottom line of each entered feature."""
    return [
        NumberRow(
            f"{f.label}: {f.patient_value} — which way it points for this patient",
            f.direction,
            f.summary,
            "derived: summary of the estimates about this patient's group"
            + (f"; {f.direction_note}" if f.direction_note else ""),
            "the factor rows",
            "Tumour board page",
        )
        for f in view.factors
    ]


def factor_numbers(view) -> list[NumberRow]:
    """The estimates about the patient's own group, each with which way it points (other groups and populations stay in the app)."""
    return [
        NumberRow(
            f"{f.label} — {r.comparison} ({r.endpoint}, {r.analysis}{', adjusted' if r.adjusted else ''}); "
            f"for this patient: {r.direction_for_patient}",
            r.value,
            r.n,
            r.provenance,
            r.study_label,
            r.source,
        )
        for f in view.factors
        for r in f.rows
    ]


def symptom_numbers(view) -> list[NumberRow]:
    return [
        NumberRow(f"Symptom control: {s.what}", s.value, s.n, "reported", s.source.split(",")[0], s.source)
        for s in view.symptom_control
    ]


def board_summary(view, figure_png: bytes | None, figure_words: str, ev, link: str, now: datetime) -> BoardSummary:
    matched = [r for r in readout_numbers(view) if "[matches:" in r.what]
    contrast = [r for r in readout_numbers(view) if "[matches:" not in r.what]
    return BoardSummary(
        title=TITLE,
        generated_at=now,
        profile=list(view.profile),
        figures=[(figure_words, figure_png)] if figure_png else [],
        numbers=direction_numbers(view) + matched + symptom_numbers(view) + factor_numbers(view) + contrast,
        evidence_version=ev.version,
        curated_on=ev.curated_on,
        link=link,
        limits=LIMITS,
        notices=[*view.coverage, *view.contradictions, *view.gaps],
    )


def board_files(view, fig, words: str, ev, link: str, now: datetime) -> dict[str, bytes]:
    """The board's files for the minutes: the figure as PNG and SVG (when there is one) and the one-page PDF."""
    files = {}
    pdf_png = None
    if fig is not None:
        files["png"] = figure_png(fig, 1280, 720, scale=2)
        files["svg"] = figure_svg(fig, 1280, 720)
        pdf_png = figure_png(fig, 960, 540, scale=2)
    files["pdf"] = summary_pdf(board_summary(view, pdf_png, words, ev, link, now))
    return files
