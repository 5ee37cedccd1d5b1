"""The tumour-board view as the one-page summary for the minutes (export.summary.BoardSummary).
Pure: the page adds the figure's PNG, the time and the link; this module only reshapes numbers
the view already holds, and never computes one."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go

from views.board import BOARD_YEARS, PROFILE_LABELS
from views.catalog import catalog
from views.certainty import finding_line
from views.limits import LIMITS
from views.survival import SECONDARY, readout_value, reported_median, tagged_secondary, time_text

from .pdf import summary_pdf
from .renderer import figure_png, figure_svg
from .summary import BoardSummary, CaseDetails, NumberRow

TITLE = "Tumour board: published evidence on liver resection for NELM"
PDF_FIGURE_PX = (960, 500)  # the presenter-style figure, rendered for paper
MIN_TEXT_PT = 8.0
# what a curve's numbers are to this patient (the table's kinds; the contrast rows are cut first)
CLOSEST, GRADE_OWN, CONTRAST = "closest cohorts", "the grade's own cohorts", "whole cohorts for contrast"
MM_PER_PT = 25.4 / 72


def min_figure_width(smallest_text_px: float, width_px: float = PDF_FIGURE_PX[0]) -> float:
    """The printed width (mm) at which text of `smallest_text_px` in a `width_px`-wide figure is MIN_TEXT_PT tall."""
    return width_px * MIN_TEXT_PT * MM_PER_PT / smallest_text_px


def readout_numbers(view) -> list[NumberRow]:
    """5- and 10-year values and the median of every drawn curve, matching cohorts first, each reported or
    derived (naming the points a derived value rests on). A value the data do not carry is left out."""
    why = {m.cohort_id: "; ".join(PROFILE_LABELS[f] for f in m.matches) for m in view.matched}
    coloured = {c.cohort_id for c in view.survival.curves}
    rows = []
    for curve in (*view.survival.curves, *view.survival.contrast):
        study = tagged_secondary(curve.study_label) if curve.secondary else curve.study_label
        if curve.cohort_id in why:
            group, kind = f"{curve.arm_label} [matches: {why[curve.cohort_id]}]", CLOSEST
        elif curve.cohort_id in coloured:  # drawn in colour without matching: a cohort of the patient's grade
            group, kind = f"{curve.arm_label} [grade's own cohort]", GRADE_OWN
        else:
            group, kind = curve.arm_label, CONTRAST
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
                    f"{study}: {group}, survival at {time_text(year, 'years')}",
                    f"{100 * cell.value:.1f}%",
                    n,
                    provenance,
                    study,
                    source,
                    kind,
                )
            )
        median = reported_median(curve)
        if median is not None:
            value = median.value_text + (f" ({median.qualifier})" if median.qualifier else "")
            rows.append(
                NumberRow(f"{study}: {group}, median survival", value, n, f"reported{qualifier}", study, source, kind)
            )
    return rows


def feature_lines(view, endpoint_label: str) -> list[str]:
    """One line per entered feature, its direction marked derived (the heading says from what)."""
    out = []
    for f in view.factors:
        head, direction, detail = f.line(endpoint_label)
        out.append(f"{head} \u2014 {direction} (derived){detail}")
    return out


def contradictions(view, ev) -> list[str]:
    """The recorded source contradictions touching the numbers every copy of this summary prints (the curves in the
    figure, the estimate each feature line quotes, symptom control), as the discrepancy table summarises them; table
    rows the page may cut for space, and the rest, stay in the app."""
    printed = [p.row_id for c in (*view.survival.curves, *view.survival.contrast) for p in c.points]
    printed += [c.cohort_id for c in view.survival.curves]
    quoted = [f.best_row(view.endpoint_label) for f in view.factors]
    printed += [r.row_id for r in quoted if r is not None] + [i for s in view.symptom_control for i in s.row_ids]
    return [d["summary"] for d in catalog(ev).touching(printed)]


UNIT_GROUP = "our unit (local data)"


def unit_numbers(unit) -> list[NumberRow]:
    """The unit's own values on the board (views.local_series.UnitView), marked local, each saying how it was got:
    patients like this one where its data carry the profile, else the whole series as entered."""
    if unit is None:
        return []
    if unit.kind == "patients":
        who = "patients like this one" + (" (profile partly applied)" if unit.not_applied else "")
        who = f"{who}, survival at"
        how = "derived: Kaplan–Meier"
    else:
        who = "whole series as entered (not matched to this profile), survival at"
        how = "reported (entered by the unit)"
    return [
        NumberRow(
            f"Our unit, {who} {v.years} y",
            v.text.replace("; only ", ", only ").replace(" at risk: imprecise", " at risk"),
            unit.n,
            how,
            "Our unit: local data, not published, not checked",
            unit.file,
            UNIT_GROUP,
        )
        for v in unit.values
        if v.value is not None and v.years in BOARD_YEARS  # the years the board prints for published cohorts
    ]


def unit_notice(unit) -> str:
    """One line for the minutes: the unit's series is there, local, never pooled, and which profile fields its data
    could not carry (field and value; the app says why)."""
    text = f"Includes our unit's own series ({unit.n} patients; local data, not published, not checked; never pooled)"
    if unit.not_applied:
        text += "; not applied to its data: " + "; ".join(n.split(" (")[0] for n in unit.not_applied)
    return text + "."


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
            "factor estimates",
        )
        for f in view.factors
        for r in f.rows
    ]


def symptom_numbers(view) -> list[NumberRow]:
    return [
        NumberRow(
            f"Symptom control: {s.what}", s.value, s.n, "reported", s.source.split(",")[0], s.source, "symptom control"
        )
        for s in view.symptom_control
    ]


def board_summary(
    view,
    figure_png: bytes | None,
    figure_words: str,
    ev,
    link: str,
    now: datetime,
    case: CaseDetails | None = None,
    figure_min_width: float = 0.0,
    findings=None,
    unit=None,
) -> BoardSummary:
    """findings: the board's summary of findings (views.certainty); its lines print under the bottom line.
    unit: the unit's own series for this profile (views.local_series), printed marked local after the matches."""
    readouts = readout_numbers(view)
    matched = [r for r in readouts if r.group != CONTRAST]
    contrast = [r for r in readouts if r.group == CONTRAST]
    return BoardSummary(
        title=TITLE,
        generated_at=now,
        profile=list(view.profile),
        figures=[(figure_words, figure_png)] if figure_png else [],
        numbers=matched + unit_numbers(unit) + symptom_numbers(view) + factor_numbers(view) + contrast,
        evidence_version=ev.version,
        curated_on=ev.curated_on,
        link=link,
        limits=LIMITS,
        notices=[*view.contradictions, *view.coverage, *view.gaps, *([unit_notice(unit)] if unit else [])],
        case=case or CaseDetails(),
        bottom_line=[line.sentence for line in view.bottom_line],
        feature_lines=feature_lines(view, view.endpoint_label),
        contradictions=contradictions(view, ev),
        certainty=[finding_line(f) for f in findings.findings] if findings else [],
        figure_min_width=figure_min_width,
    )


def board_files(
    view,
    fig,
    words: str,
    ev,
    link: str,
    now: datetime,
    case: CaseDetails | None = None,
    paper_fig=None,
    findings=None,
    unit=None,
) -> dict[str, bytes]:
    """The board's files for the minutes: the figure as PNG and SVG (when there is one) and the one-page PDF, whose
    figure is `paper_fig` (the presenter-style figure: larger type) printed no narrower than 8-pt text allows."""
    files = {}
    pdf_png, min_width = None, 0.0
    if fig is not None:
        files["png"] = figure_png(fig, 1280, 720, scale=2)
        files["svg"] = figure_svg(fig, 1280, 720)
        paper = for_paper(paper_fig if paper_fig is not None else fig)
        pdf_png = figure_png(paper, *PDF_FIGURE_PX, scale=3)
        min_width = min_figure_width(smallest_text_px(paper))
    files["pdf"] = summary_pdf(board_summary(view, pdf_png, words, ev, link, now, case, min_width, findings, unit))
    return files


def for_paper(fig):
    """A copy (the cached figure is shared) whose value labels are as large as its legend: on paper the smallest text
    sets how wide the figure must print, and a label smaller than the legend would cost the page most of its room."""
    paper = go.Figure(fig)
    legend = paper.layout.legend.font.size or paper.layout.font.size
    for trace in paper.data:
        if "text" in (trace.mode or "") and trace.textfont.size and trace.textfont.size < legend:
            trace.textfont.size = legend
    return paper


def smallest_text_px(fig) -> float:
    """The smallest type the figure prints: its font, tick labels, and every trace's and annotation's text."""
    sizes = [
        fig.layout.font.size,
        fig.layout.xaxis.tickfont.size,
        fig.layout.yaxis.tickfont.size,
        fig.layout.legend.font.size,
    ]
    sizes += [
        t.textfont.size for t in fig.data if getattr(t, "textfont", None) is not None and "text" in (t.mode or "")
    ]
    sizes += [a.font.size for a in fig.layout.annotations or ()]
    return min(s for s in sizes if s)
