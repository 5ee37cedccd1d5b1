"""The one-page A4 PDF of a board view for the tumour-board minutes (fpdf2): header, notices, profile, figures and
the numbers table sharing the space, the limits anchored at the bottom. Always exactly one page."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode, XPos, YPos

from .fonts import font_choice, printable
from .summary import (
    EVIDENCE_NOT_ADVICE,
    NOT_SPECIFIED,
    NOT_STATED,
    BoardSummary,
    NumberRow,
    generated_at_text,
    nothing_to_export_reason,
)


def summary_pdf(summary: BoardSummary) -> bytes:
    """A one-page A4 portrait PDF of the view for the tumour-board minutes.

    Always exactly one page: figures are scaled down, and table rows that do not fit are left out with a line
    "… N more rows in the app (link above)". Long free text shrinks (smaller type) before anything is cut.
    """
    for scale in _TYPE_SCALES:
        sheet = _Sheet(scale)
        if _layout(sheet, summary, last_try=scale == _TYPE_SCALES[-1]):
            return bytes(sheet.pdf.output())
    raise AssertionError("unreachable: the last type scale always lays out")


# --- page geometry (mm) and type sizes (pt) -------------------------------------------------------------------------

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12.0, 10.0, 9.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
GAP = 2.0
_TYPE_SCALES = (1.0, 0.9, 0.8, 0.7)
SIZES = {"title": 15, "meta": 8.5, "heading": 9.5, "body": 8.5, "table": 7.6, "small": 7.2}
MIN_FIGURE_H = 32.0  # below this a figure's axis labels are unreadable on paper: leave it to the app instead
PREFERRED_FIGURES_H = 90.0  # the figures get this much before the table may lose rows
MIN_TABLE_ROWS = 6  # when space is short the table keeps at least this many rows before figures shrink further
FEW_TABLE_ROWS = 3  # a figure that must stay readable may take the table down to this many rows
MAX_PROFILE_PAIRS = 16
NOT_KNOWN = "Not known"  # the board form's first choice: printed as a count, not field by field
MAX_NOTICES = 4
# table columns: what, value, n, provenance, source · locator (sum = CONTENT_W)
COLUMNS = (("What", 57.0), ("Value", 40.0), ("n", 16.0), ("Provenance", 29.0), ("Source \u00b7 locator", 44.0))
# A number must keep what it is and its value: those two are never cut short in practice (caps are only a guard).
CELL_MAX_LINES = {"What": 8, "Value": 8, "n": 3, "Provenance": 4, "Source \u00b7 locator": 5}

GREY, INK, LINK_BLUE = (90, 90, 90), (0, 0, 0), (0, 70, 160)
NOTICE_FILL, STRIPE_FILL, HEAD_FILL, EMPTY_FILL = (255, 240, 205), (244, 244, 244), (225, 225, 225), (238, 238, 238)


# --- the sheet: FPDF plus measuring helpers -------------------------------------------------------------------------


class _Sheet:
    """An A4 portrait page whose text helpers measure before they draw, at one type scale."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._measured: dict[tuple, list[str]] = {}
        pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        pdf.set_auto_page_break(False)  # one page by construction: nothing may ever open a second one
        pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        pdf.c_margin = 1.0
        choice = font_choice()
        if choice is None:
            self.family, self.covered = "helvetica", None
        else:
            regular, bold, self.covered = choice
            pdf.add_font("Sans", "", str(regular))
            pdf.add_font("Sans", "B", str(bold))
            self.family = "Sans"
        pdf.add_page()
        self.pdf = pdf

    def size(self, role: str) -> float:
        return SIZES[role] * self.scale

    def line_h(self, role: str) -> float:
        return self.size(role) * 0.3528 * 1.25  # pt to mm, with 25 % leading

    def font(self, role: str, bold: bool = False, colour=INK) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", self.size(role))
        self.pdf.set_text_color(*colour)

    def lines(self, text: str, width: float, role: str, bold: bool = False, wrap=WrapMode.WORD) -> list[str]:
        key = (text, width, role, bold, wrap)
        if key not in self._measured:  # table rows are measured for the budget and again when drawn
            self.font(role, bold)
            self._measured[key] = self.pdf.multi_cell(
                width,
                self.line_h(role),
                printable(text, self.covered),
                dry_run=True,
                output=MethodReturnValue.LINES,
                wrapmode=wrap,
                new_x=XPos.LMARGIN,
            )
        return list(self._measured[key])

    def fitted(self, text: str, width: float, role: str, max_lines: int, bold: bool = False) -> str:
        """The text, cut at a word so that it and a trailing ' …' fill at most ``max_lines`` wrapped lines."""
        if len(self.lines(text, width, role, bold)) <= max_lines:
            return text
        words = text.split()
        while len(words) > 1:
            words.pop()
            cut = " ".join(words) + " \u2026"
            if len(self.lines(cut, width, role, bold)) <= max_lines:
                return cut
        return "\u2026"

    def height(self, text: str, width: float, role: str, bold: bool = False, wrap=WrapMode.WORD) -> float:
        return len(self.lines(text, width, role, bold, wrap)) * self.line_h(role)

    def write(
        self,
        text: str,
        width: float,
        role: str,
        *,
        x: float | None = None,
        bold: bool = False,
        colour=INK,
        align: str = "L",
        fill=None,
        link: str | None = None,
        wrap=WrapMode.WORD,
    ) -> float:
        """Draw wrapped text at the cursor (or at x) and return its height; the cursor moves below it."""
        self.font(role, bold, colour)
        if fill is not None:
            self.pdf.set_fill_color(*fill)
        if x is not None:
            self.pdf.set_x(x)
        top = self.pdf.get_y()
        self.pdf.multi_cell(
            width,
            self.line_h(role),
            printable(text, self.covered),
            align=align,
            fill=fill is not None,
            link=link or "",
            wrapmode=wrap,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        return self.pdf.get_y() - top

    def rule(self, colour=(180, 180, 180), width: float = 0.2) -> None:
        self.pdf.set_draw_color(*colour)
        self.pdf.set_line_width(width)
        y = self.pdf.get_y()
        self.pdf.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)

    def gap(self, mm: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + mm * self.scale)

    @property
    def y(self) -> float:
        return self.pdf.get_y()


# --- layout, top to bottom ------------------------------------------------------------------------------------------


def _layout(sheet: _Sheet, summary: BoardSummary, last_try: bool) -> bool:
    """Lay the page out; False when the fixed parts leave too little room and a smaller type scale should be tried."""
    footer_h = _footer_height(sheet, summary)
    empty_reason = nothing_to_export_reason(summary)
    _header(sheet, summary)
    _text_block(sheet, "Bottom line", summary.bottom_line, max_lines=5, max_items=4, what="endpoints")
    _text_block(
        sheet,
        "Certainty of the evidence (GRADE for prognosis; rules on the app's Methods & limits page)",
        summary.certainty,
        3,
        5,
        "outcomes",
    )
    _text_block(
        sheet,
        "Entered features: which way each points for this patient (derived from the estimates about the patient's group)",
        summary.feature_lines,
        3,
        10,
        "features",
    )
    if empty_reason is None:  # an empty view prints its notices once, as the reason in the box below
        _notices(sheet, summary)
    _text_block(sheet, "Source contradictions touching these numbers", summary.contradictions, 2, 4, "contradictions")
    _profile(sheet, summary)
    bottom = PAGE_H - MARGIN_BOTTOM - footer_h - 2.0  # breathing room above the limits
    wanted = _minimum_body_height(sheet, summary)
    if bottom - sheet.y < wanted and not last_try:
        return False
    if empty_reason is not None:
        _empty_view(sheet, empty_reason)
    else:
        _figures_and_numbers(sheet, summary, bottom)
    _footer(sheet, summary, PAGE_H - MARGIN_BOTTOM - footer_h)
    return True


def _header(sheet: _Sheet, summary: BoardSummary) -> None:
    sheet.write(sheet.fitted(summary.title, CONTENT_W, "title", 2, bold=True), CONTENT_W, "title", bold=True)
    sheet.gap(0.8)
    if summary.case.text:
        sheet.write(
            sheet.fitted(summary.case.text, CONTENT_W, "heading", 2, bold=True), CONTENT_W, "heading", bold=True
        )
        sheet.gap(0.5)
    meta = (
        f"Generated {generated_at_text(summary.generated_at)}   \u00b7   Evidence table version "
        f"{summary.evidence_version}, curated {summary.curated_on}"
    )
    sheet.write(meta, CONTENT_W, "meta", colour=GREY)
    label = "This exact view in the app: "
    sheet.font("meta", bold=True)
    label_w = sheet.pdf.get_string_width(label) + 2 * sheet.pdf.c_margin
    top = sheet.y
    sheet.write(label, label_w, "meta", bold=True)
    sheet.pdf.set_y(top)
    # The link is printed in full (it is the reference) and wraps by character, since a URL has no spaces.
    sheet.write(
        summary.link,
        CONTENT_W - label_w,
        "meta",
        x=MARGIN_X + label_w,
        colour=LINK_BLUE,
        link=summary.link,
        wrap=WrapMode.CHAR,
    )
    sheet.gap(1.2)
    sheet.rule()
    sheet.gap(1.5)


def _text_block(sheet: _Sheet, heading: str, items: Sequence[str], max_lines: int, max_items: int, what: str) -> None:
    """A heading and one paragraph per item, each cut at `max_lines` (the app has the rest)."""
    if not items:
        return
    sheet.write(heading, CONTENT_W, "heading", bold=True)
    for item in items[:max_items]:
        sheet.write(sheet.fitted(item, CONTENT_W - 3, "body", max_lines), CONTENT_W - 3, "body", x=MARGIN_X + 3)
        sheet.gap(0.3)
    _more_in_the_app(sheet, len(items) - max_items, what)
    sheet.gap(1.0)


def _notices(sheet: _Sheet, summary: BoardSummary) -> None:
    shown = summary.notices[:MAX_NOTICES]
    for notice in shown:
        sheet.write(
            sheet.fitted("\u2691 " + notice, CONTENT_W, "body", 3, bold=True),
            CONTENT_W,
            "body",
            bold=True,
            fill=NOTICE_FILL,
        )
        sheet.gap(0.6)
    _more_in_the_app(sheet, len(summary.notices) - MAX_NOTICES, "notices")
    if shown:
        sheet.gap(1.0)


def _more_in_the_app(sheet: _Sheet, left_out: int, what: str, bold: bool = False, why: str = "") -> None:
    """A line saying how many items the page had no room for: the app, through the link, shows them all."""
    if left_out > 0:
        noun = what if left_out != 1 else what.removesuffix("s")  # 'rows' -> '1 more row'
        text = f"\u2026 {left_out} more {noun} in the app (link above)" + (f"; {why}" if why else "")
        sheet.write(text, CONTENT_W, "small", bold=bold, colour=GREY)


def _profile(sheet: _Sheet, summary: BoardSummary) -> None:
    """The profile as one paragraph of what is entered; fields marked 'Not known' are only counted."""
    pairs = [pair for pair in summary.profile if str(pair[1]).strip() != NOT_KNOWN]
    unknown = len(summary.profile) - len(pairs)
    sheet.write("Patient profile and filters", CONTENT_W, "heading", bold=True)
    if not summary.profile:
        sheet.write("No profile entered: all reported series are shown.", CONTENT_W, "body", colour=GREY)
    text = "   \u00b7   ".join(_pair_text(pair) for pair in pairs[:MAX_PROFILE_PAIRS])
    if unknown:
        text += f"{'   ·   ' if text else ''}{unknown} field{'s' if unknown != 1 else ''} not known"
    if text:
        sheet.write(sheet.fitted(text, CONTENT_W, "body", 4), CONTENT_W, "body")
    _more_in_the_app(sheet, len(pairs) - MAX_PROFILE_PAIRS, "filters")
    sheet.gap(2.0)


def _pair_text(pair: tuple[str, str | None]) -> str:
    label, value = pair
    shown = NOT_SPECIFIED if value is None or str(value).strip() == "" else str(value)
    return f"{label}: {shown}"


def _minimum_body_height(sheet: _Sheet, summary: BoardSummary) -> float:
    if nothing_to_export_reason(summary) is not None:
        return 25.0
    table = _table_height(sheet, summary.numbers[:MIN_TABLE_ROWS], more=len(summary.numbers) > MIN_TABLE_ROWS)
    if summary.figures and summary.figure_min_width:  # a smaller type scale before a figure too small to read
        few = _table_height(sheet, summary.numbers[:FEW_TABLE_ROWS], more=len(summary.numbers) > FEW_TABLE_ROWS)
        return max(_readable_figure_height(sheet, summary) + few, MIN_FIGURE_H + 8 + table)
    return (MIN_FIGURE_H + 8 if summary.figures else 0) + table


def _readable_figure_height(sheet: _Sheet, summary: BoardSummary) -> float:
    """The first figure printed just wide enough for 8-pt text, with its caption."""
    caption, png = summary.figures[0]
    return summary.figure_min_width / _aspect(png) + sheet.height(caption, CONTENT_W, "small") + GAP + 1.0


def _empty_view(sheet: _Sheet, reason: str) -> None:
    sheet.gap(2)
    sheet.write("Nothing to show for this view", CONTENT_W, "heading", bold=True, fill=EMPTY_FILL)
    reason = reason.removeprefix("Nothing to show for this view: ")
    sheet.write("\u2691 " + sheet.fitted(reason, CONTENT_W, "body", 12), CONTENT_W, "body", bold=True, fill=EMPTY_FILL)
    sheet.gap(1)
    sheet.write(
        "No figure and no number is printed, so that an empty view cannot be read as a result.",
        CONTENT_W,
        "small",
        colour=GREY,
    )


# --- figures and the numbers table share the space between profile and footer ---------------------------------------


def _figures_and_numbers(sheet: _Sheet, summary: BoardSummary, bottom: float) -> None:
    """Figures first, then the table. The table keeps all its rows unless that would squeeze the figures below
    PREFERRED_FIGURES_H; then it keeps at least MIN_TABLE_ROWS and says how many rows were left out."""
    available = bottom - sheet.y - 1.0
    rows = summary.numbers
    table_full = _table_height(sheet, rows, more=False)
    table_min = _table_height(sheet, rows[:MIN_TABLE_ROWS], more=len(rows) > MIN_TABLE_ROWS)
    budget = available - table_full
    if budget < PREFERRED_FIGURES_H:
        budget = min(PREFERRED_FIGURES_H, available - table_min)
    if summary.figures and summary.figure_min_width:
        # the readable size is the least a figure gets while a few table rows still fit; fewer rows, the rest named
        readable = _readable_figure_height(sheet, summary)
        if budget < readable <= available - _table_height(sheet, rows[:FEW_TABLE_ROWS], more=True):
            budget = readable
    _figures(sheet, summary.figures, max(0.0, budget), summary.figure_min_width)
    _numbers(sheet, rows, bottom)


@dataclass(frozen=True)
class _FigurePlan:
    columns: int
    kept: int  # the first `kept` figures are drawn; the rest are left to the app
    shrink: float  # image width as a fraction of its column

    @property
    def cell_w(self) -> float:
        return (CONTENT_W - GAP * (self.columns - 1)) / self.columns


def _plan_figures(sheet: _Sheet, figures, budget: float, min_width: float = 0.0) -> _FigurePlan:
    """The grid (one or two columns) and number of figures that show the most, each at least MIN_FIGURE_H tall and
    `min_width` wide (the width at which its smallest text prints at 8 pt)."""
    best = _FigurePlan(columns=1, kept=0, shrink=0.0)
    for columns in (1,) if len(figures) == 1 else (1, 2):
        for kept in range(len(figures), 0, -1):
            room = budget - (sheet.line_h("small") + 1 if kept < len(figures) else 0)
            plan = _FigurePlan(columns, kept, _shrink_to_fit(sheet, figures[:kept], columns, room))
            wide_enough = plan.cell_w * plan.shrink >= min_width
            if _smallest_image_h(figures[:kept], plan) >= MIN_FIGURE_H and wide_enough:
                if (kept, plan.cell_w * plan.shrink) > (best.kept, best.cell_w * best.shrink):
                    best = plan
                break
    return best


def _figure_rows(figures, columns: int):
    return [figures[i : i + columns] for i in range(0, len(figures), columns)]


def _shrink_to_fit(sheet: _Sheet, figures, columns: int, room: float) -> float:
    """Block height is linear in the shrink factor: images * shrink + captions and gaps."""
    cell_w = _FigurePlan(columns, len(figures), 1.0).cell_w
    images = sum(max(cell_w / _aspect(png) for _, png in row) for row in _figure_rows(figures, columns))
    fixed = sum(
        max(sheet.height(c, cell_w, "small") for c, _ in row) + GAP + 0.5 for row in _figure_rows(figures, columns)
    )
    return max(0.0, min(1.0, (room - fixed) / images))


def _smallest_image_h(figures, plan: _FigurePlan) -> float:
    return min(plan.cell_w * plan.shrink / _aspect(png) for _, png in figures)


def _figures(sheet: _Sheet, figures, budget: float, min_width: float = 0.0) -> None:
    """Draw figures as large as the budget allows; figures that would be too small to read are left to the app."""
    if not figures:
        return
    plan = _plan_figures(sheet, figures, budget, min_width)
    for row in _figure_rows(figures[: plan.kept], plan.columns):
        _figure_row(sheet, row, plan)
    _more_in_the_app(sheet, len(figures) - plan.kept, "figures", bold=True)
    sheet.gap(1.0)


def _figure_row(sheet: _Sheet, row, plan: _FigurePlan) -> None:
    top = sheet.y
    cell_w = plan.cell_w
    image_h = max(cell_w * plan.shrink / _aspect(png) for _, png in row)
    bottoms = []
    for column, (caption, png) in enumerate(row):
        x0 = MARGIN_X + column * (cell_w + GAP)
        w = cell_w * plan.shrink
        sheet.pdf.image(io.BytesIO(png), x=x0 + (cell_w - w) / 2, y=top, w=w, h=w / _aspect(png))
        sheet.pdf.set_y(top + image_h + 0.5)
        sheet.write(caption, cell_w, "small", x=x0, colour=GREY, align="C")
        bottoms.append(sheet.y)
    sheet.pdf.set_y(max(bottoms) + GAP)


@lru_cache(maxsize=32)
def _aspect(png: bytes) -> float:
    from PIL import Image  # fpdf2 depends on Pillow

    with Image.open(io.BytesIO(png)) as image:
        return image.width / image.height


def _cells(row: NumberRow) -> list[str]:
    missing = row.n is None or str(row.n).strip() == "" or (isinstance(row.n, float) and math.isnan(row.n))
    n = NOT_STATED if missing else str(row.n)
    return [row.what, row.value, n, row.provenance, f"{row.source} \u00b7 {row.locator}"]


def _row_height(sheet: _Sheet, texts: Sequence[str], bold: bool = False) -> float:
    heights = []
    for (name, width), text in zip(COLUMNS, texts, strict=True):
        lines = min(len(sheet.lines(text, width, "table", bold)), CELL_MAX_LINES[name])
        heights.append(lines * sheet.line_h("table"))
    return max(heights) + 0.8


def _table_height(sheet: _Sheet, rows: Sequence[NumberRow], more: bool) -> float:
    if not rows:
        return 0.0
    heading = sheet.line_h("heading") + _row_height(sheet, [name for name, _ in COLUMNS], bold=True)
    return heading + sum(_row_height(sheet, _cells(r)) for r in rows) + (2 * sheet.line_h("small") + 1 if more else 0)


def _numbers(sheet: _Sheet, rows: Sequence[NumberRow], bottom: float) -> None:
    if not rows:
        return
    sheet.write("Numbers in this view, each with its source", CONTENT_W, "heading", bold=True)
    _table_row(sheet, [name for name, _ in COLUMNS], bold=True, fill=HEAD_FILL)
    more_h = 2 * sheet.line_h("small") + 1  # the line naming what was left out may wrap once
    for index, row in enumerate(rows):
        remaining_after = len(rows) - index - 1
        needed = _row_height(sheet, _cells(row)) + (more_h if remaining_after else 0)
        if sheet.y + needed > bottom:
            _more_rows(sheet, rows[index:])
            return
        _table_row(sheet, _cells(row), fill=STRIPE_FILL if index % 2 else None)


def _more_rows(sheet: _Sheet, left_out: Sequence[NumberRow]) -> None:
    """How many rows had no room, and of which kinds: the table lists the closest evidence first."""
    sheet.gap(0.5)
    kinds: dict[str, int] = {}
    for row in left_out:
        kinds[row.group or "other rows"] = kinds.get(row.group or "other rows", 0) + 1
    which = "; ".join(f"{kind}: {count}" for kind, count in kinds.items())
    _more_in_the_app(sheet, len(left_out), "rows", bold=True, why=f"left out for space: {which}")


def _table_row(sheet: _Sheet, texts: Sequence[str], bold: bool = False, fill=None) -> None:
    top = sheet.y
    height = _row_height(sheet, texts, bold)
    if fill is not None:
        sheet.pdf.set_fill_color(*fill)
        sheet.pdf.rect(MARGIN_X, top, CONTENT_W, height, style="F")
    x = MARGIN_X
    for (name, width), text in zip(COLUMNS, texts, strict=True):
        sheet.pdf.set_y(top + 0.4)
        shown = sheet.fitted(text, width, "table", CELL_MAX_LINES[name], bold)
        sheet.write(shown, width, "table", x=x, bold=bold or name == "Value")
        x += width
    sheet.pdf.set_y(top + height)


# --- footer: limits, anchored to the bottom of the page ---------------------------------------------------------------


def _footer_texts(sheet: _Sheet, summary: BoardSummary) -> list[tuple[str, str, bool]]:
    limits = sheet.fitted(summary.limits, CONTENT_W, "body", 6)
    return [
        ("Limits of this evidence", "heading", True),
        (limits, "body", False),
        (EVIDENCE_NOT_ADVICE, "small", False),
    ]


def _footer_height(sheet: _Sheet, summary: BoardSummary) -> float:
    blocks = _footer_texts(sheet, summary)
    return 2.0 + sum(sheet.height(text, CONTENT_W, role, bold) for text, role, bold in blocks) + 1.0


def _footer(sheet: _Sheet, summary: BoardSummary, top: float) -> None:
    sheet.pdf.set_y(top)
    sheet.rule()
    sheet.pdf.set_y(top + 1.5)
    for text, role, bold in _footer_texts(sheet, summary):
        sheet.write(text, CONTENT_W, role, bold=bold, colour=GREY if role == "small" else INK)
        if role == "body":
            sheet.pdf.set_y(sheet.y + 0.5)
