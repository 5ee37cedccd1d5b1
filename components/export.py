"""Export for the tumour-board minutes: a figure as PNG or SVG, and a one-page A4 PDF summary of the view.

Figures are rendered by Kaleido 1.x, which drives Debian's Chromium. Starting Chromium costs about 1.5 s, so one
browser is kept alive in a background thread and reused by every export in the process (a render then takes about
0.2 s). The PDF is built with fpdf2 in DejaVu Sans Condensed (shipped under components/assets/fonts, Bitstream Vera
licence), so τ², I², –, ≥, † and ⚑ print as themselves and stay extractable text.

Pure module: no streamlit. The page turns ``ExportUnavailable`` into ``st.error``.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import math
import os
import shutil
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode, XPos, YPos

# --------------------------------------------------------------------------------------------------------------------
# Figures: PNG and SVG through Kaleido and the system Chromium
# --------------------------------------------------------------------------------------------------------------------

DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "Install it with `apt-get install -y chromium` (Debian), or set BROWSER_PATH to a Chrome/Chromium binary."
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 60


class ExportUnavailable(RuntimeError):
    """Figure export cannot run here; the message says what is missing and how to fix it."""


def figure_png(fig, width: int = 1280, height: int = 720, scale: float = 2) -> bytes:
    """PNG of a Plotly figure, ``width * scale`` by ``height * scale`` pixels.

    For the PDF summary, 960 x 540 at scale 2 keeps the figure's text legible at A4 width.
    Raises ``ExportUnavailable`` when Kaleido or Chromium is missing or fails.
    """
    return _RENDERER.render(fig, {"format": "png", "width": width, "height": height, "scale": scale})


def figure_svg(fig, width: int = 1280, height: int = 720) -> bytes:
    """SVG (UTF-8 bytes) of a Plotly figure; its text stays text. Raises ``ExportUnavailable`` like ``figure_png``."""
    return _RENDERER.render(fig, {"format": "svg", "width": width, "height": height, "scale": 1})


def chromium_path() -> str | None:
    """The browser Kaleido will use: $BROWSER_PATH (choreographer's own override), else Debian's Chromium."""
    candidates = [os.environ.get("BROWSER_PATH"), DEFAULT_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def close_renderer() -> None:
    """Stop the kept-alive Chromium (tests, shutdown). The next export starts a new one."""
    _RENDERER.close()


class _Renderer:
    """One Kaleido browser on its own event loop thread, shared by all callers.

    Every call gets its own future, so concurrent Streamlit sessions never receive each other's image (kaleido's
    global sync server shares one result queue between callers, which is why it is not used here).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    def render(self, fig, opts: dict) -> bytes:
        try:
            return self._render_once(fig, opts)
        except ExportUnavailable:
            raise
        except Exception:  # noqa: BLE001 - a crashed or wedged browser: start a fresh one and try once more
            self.close()
        try:
            return self._render_once(fig, opts)
        except ExportUnavailable:
            raise
        except Exception as error:  # noqa: BLE001
            self.close()
            raise ExportUnavailable(f"Figure export failed in Chromium ({_short(error)}). {INSTALL_HINT}") from error

    def _render_once(self, fig, opts: dict) -> bytes:
        kaleido, loop = self._ensure_open()
        future = asyncio.run_coroutine_threadsafe(kaleido.calc_fig(fig, opts=opts), loop)
        return bytes(future.result(timeout=RENDER_TIMEOUT_S))

    def _ensure_open(self):
        with self._lock:
            if self._kaleido is None:
                self._loop = _start_loop_thread()
                try:
                    self._kaleido = _open_kaleido(self._loop)
                except BaseException:
                    _stop_loop(self._loop)
                    self._loop = None
                    raise
            return self._kaleido, self._loop

    def close(self) -> None:
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido, self._loop = None, None
        if loop is None:
            return
        if kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(timeout=20)
            except Exception:  # noqa: BLE001 - closing a dead browser may fail; the loop still stops
                pass
        _stop_loop(loop)


def _open_kaleido(loop: asyncio.AbstractEventLoop):
    try:
        import kaleido
    except ImportError as error:
        raise ExportUnavailable("Figure export needs the Python package kaleido: pip install kaleido==1.5.0 "
                                "(it is in requirements.txt).") from error
    path = chromium_path()
    if path is None:
        raise ExportUnavailable(f"Figure export needs Chromium, and none was found at {DEFAULT_CHROMIUM}. {INSTALL_HINT}")

    async def start():
        # mathjax=False: Kaleido would otherwise fetch MathJax from a CDN; no figure here uses LaTeX.
        # The sandbox is off by default in choreographer (--no-sandbox), which Chromium needs when run as root.
        k = kaleido.Kaleido(path=path, mathjax=False, n=1, timeout=RENDER_TIMEOUT_S)
        await k.open()
        return k

    try:
        return asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=START_TIMEOUT_S)
    except Exception as error:  # noqa: BLE001
        raise ExportUnavailable(f"Chromium at {path} did not start for figure export ({_short(error)}). "
                                f"{INSTALL_HINT}") from error


def _start_loop_thread() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="figure-export", daemon=True).start()
    return loop


def _stop_loop(loop: asyncio.AbstractEventLoop) -> None:
    loop.call_soon_threadsafe(loop.stop)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


_RENDERER = _Renderer()
atexit.register(close_renderer)

# --------------------------------------------------------------------------------------------------------------------
# The one-page PDF summary
# --------------------------------------------------------------------------------------------------------------------

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

    def __post_init__(self) -> None:
        kind = self.provenance.strip().lower()
        if not (kind == "reported" or kind.startswith(("reported (", "derived:"))):
            raise ValueError(f"provenance must be 'reported' or 'derived: <method>', got {self.provenance!r} "
                             f"for {self.what!r}: every printed number says where it came from.")


@dataclass(frozen=True)
class BoardSummary:
    """Everything the one-page summary prints, in the order the page reads.

    profile: (label, value) pairs of the patient profile / filters; a None or empty value prints "not specified".
    figures: (caption, PNG bytes) pairs, e.g. from ``figure_png(fig, 960, 540)``.
    numbers: NumberRow items, or 6-tuples in NumberRow's field order.
    notices: plain sentences such as "No cohort matches this profile."
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

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None or self.generated_at.utcoffset() is None:
            raise ValueError("generated_at needs a time zone (e.g. datetime.now(ZoneInfo('Europe/Berlin'))): "
                             "the minutes print date, time and zone.")
        rows = tuple(r if isinstance(r, NumberRow) else NumberRow(*r) for r in self.numbers)
        object.__setattr__(self, "numbers", rows)
        object.__setattr__(self, "profile", tuple((str(k), v) for k, v in self.profile))
        object.__setattr__(self, "figures", tuple((str(c), bytes(b)) for c, b in self.figures))
        object.__setattr__(self, "notices", tuple(str(n) for n in self.notices))


def nothing_to_export_reason(summary: BoardSummary) -> str | None:
    """Why an export of this view would show no figure and no number, or None when there is something to show."""
    if summary.figures or summary.numbers:
        return None
    if summary.notices:
        return "Nothing to show for this view: " + " ".join(_sentence(n) for n in summary.notices)
    return ("Nothing to show for this view: the current profile and filters select no reported figure or number. "
            "Widen the filters in the app to see the nearest evidence.")


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


def generated_at_text(moment: datetime) -> str:
    """'2025-03-14 14:05 CET (UTC+01:00)': date, time and zone, as the minutes print it."""
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    zone = moment.tzname() or ""
    if zone in ("", "UTC", offset) or zone.startswith(("UTC+", "UTC-")):
        return f"{moment:%Y-%m-%d %H:%M} {offset}"
    return f"{moment:%Y-%m-%d %H:%M} {zone} ({offset})"


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
MAX_PROFILE_PAIRS = 16
MAX_NOTICES = 4
# table columns: what, value, n, provenance, source · locator (sum = CONTENT_W)
COLUMNS = (("What", 57.0), ("Value", 40.0), ("n", 16.0), ("Provenance", 29.0), ("Source \u00b7 locator", 44.0))
# A number must keep what it is and its value: those two are never cut short in practice (caps are only a guard).
CELL_MAX_LINES = {"What": 8, "Value": 8, "n": 3, "Provenance": 4, "Source \u00b7 locator": 5}

GREY, INK, LINK_BLUE = (90, 90, 90), (0, 0, 0), (0, 70, 160)
NOTICE_FILL, STRIPE_FILL, HEAD_FILL, EMPTY_FILL = (255, 240, 205), (244, 244, 244), (225, 225, 225), (238, 238, 238)


# --- fonts --------------------------------------------------------------------------------------------------------

ASSETS_FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
FONT_CANDIDATES = (
    (ASSETS_FONTS / "DejaVuSansCondensed.ttf", ASSETS_FONTS / "DejaVuSansCondensed-Bold.ttf"),
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf"),
     Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf")),
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
)
# Only used for characters the font lacks; DejaVu has all of these, the core-font fallback has none beyond Latin-1.
TRANSLITERATIONS = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2265": ">=", "\u2264": "<=", "\u03c4": "tau", "\u00b2": "^2",
    "\u2020": "+", "\u2021": "++", "\u2691": "[!]", "\u2026": "...", "\u00d7": "x", "\u00b1": "+/-", "\u2192": "->",
    "\u00b7": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u03c7": "chi", "\u03ba": "kappa",
    "\u03b1": "alpha", "\u03b2": "beta", "\u2248": "~", "\u2260": "!=", "\u00b3": "^3", "\u2713": "v",
}


@lru_cache(maxsize=1)
def _font_choice() -> tuple[Path, Path, frozenset[int]] | None:
    """Regular and bold TTF plus the code points they cover; None means fpdf's core Helvetica (Latin-1 only)."""
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools

    for regular, bold in FONT_CANDIDATES:
        if regular.is_file() and bold.is_file():
            cmap = TTFont(str(regular), lazy=True).getBestCmap()
            return regular, bold, frozenset(cmap)
    return None


def printable(text: str, covered: frozenset[int] | None) -> str:
    """Text with every character the font lacks transliterated (τ² -> tau^2), so nothing prints as a blank box."""
    def fits(ch: str) -> bool:
        return ord(ch) in covered if covered is not None else ord(ch) < 256

    out = []
    for ch in text:
        if ch in "\n" or fits(ch):
            out.append(ch)
            continue
        plain = TRANSLITERATIONS.get(ch) or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append("".join(c if fits(c) else "?" for c in plain))
    return "".join(out)


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
        choice = _font_choice()
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
            self._measured[key] = self.pdf.multi_cell(width, self.line_h(role), printable(text, self.covered),
                                                      dry_run=True, output=MethodReturnValue.LINES, wrapmode=wrap,
                                                      new_x=XPos.LMARGIN)
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

    def write(self, text: str, width: float, role: str, *, x: float | None = None, bold: bool = False, colour=INK,
              align: str = "L", fill=None, link: str | None = None, wrap=WrapMode.WORD) -> float:
        """Draw wrapped text at the cursor (or at x) and return its height; the cursor moves below it."""
        self.font(role, bold, colour)
        if fill is not None:
            self.pdf.set_fill_color(*fill)
        if x is not None:
            self.pdf.set_x(x)
        top = self.pdf.get_y()
        self.pdf.multi_cell(width, self.line_h(role), printable(text, self.covered), align=align, fill=fill is not None,
                            link=link or "", wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
    if empty_reason is None:  # an empty view prints its notices once, as the reason in the box below
        _notices(sheet, summary)
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
    meta = (f"Generated {generated_at_text(summary.generated_at)}   \u00b7   Evidence table version "
            f"{summary.evidence_version}, curated {summary.curated_on}")
    sheet.write(meta, CONTENT_W, "meta", colour=GREY)
    label = "This exact view in the app: "
    sheet.font("meta", bold=True)
    label_w = sheet.pdf.get_string_width(label) + 2 * sheet.pdf.c_margin
    top = sheet.y
    sheet.write(label, label_w, "meta", bold=True)
    sheet.pdf.set_y(top)
    # The link is printed in full (it is the reference) and wraps by character, since a URL has no spaces.
    sheet.write(summary.link, CONTENT_W - label_w, "meta", x=MARGIN_X + label_w, colour=LINK_BLUE, link=summary.link,
                wrap=WrapMode.CHAR)
    sheet.gap(1.2)
    sheet.rule()
    sheet.gap(1.5)


def _notices(sheet: _Sheet, summary: BoardSummary) -> None:
    shown = summary.notices[:MAX_NOTICES]
    for notice in shown:
        sheet.write(sheet.fitted("\u2691 " + notice, CONTENT_W, "body", 3, bold=True), CONTENT_W, "body", bold=True,
                    fill=NOTICE_FILL)
        sheet.gap(0.6)
    if len(summary.notices) > MAX_NOTICES:
        sheet.write(f"\u2026 {len(summary.notices) - MAX_NOTICES} more notices in the app (link above)", CONTENT_W,
                    "small", colour=GREY)
    if shown:
        sheet.gap(1.0)


def _profile(sheet: _Sheet, summary: BoardSummary) -> None:
    sheet.write("Patient profile and filters", CONTENT_W, "heading", bold=True)
    pairs = list(summary.profile[:MAX_PROFILE_PAIRS])
    if not pairs:
        sheet.write("No profile entered: all reported series are shown.", CONTENT_W, "body", colour=GREY)
    col_w = (CONTENT_W - GAP) / 2
    for left, right in zip(pairs[0::2], pairs[1::2] + [None], strict=False):
        top = sheet.y
        heights = []
        for column, pair in enumerate((left, right)):
            if pair is None:
                continue
            sheet.pdf.set_y(top)
            heights.append(sheet.write(sheet.fitted(_pair_text(pair), col_w, "body", 2), col_w, "body",
                                       x=MARGIN_X + column * (col_w + GAP)))
        sheet.pdf.set_y(top + max(heights))
    if len(summary.profile) > MAX_PROFILE_PAIRS:
        sheet.write(f"\u2026 {len(summary.profile) - MAX_PROFILE_PAIRS} more filters in the app (link above)",
                    CONTENT_W, "small", colour=GREY)
    sheet.gap(2.0)


def _pair_text(pair: tuple[str, str | None]) -> str:
    label, value = pair
    shown = NOT_SPECIFIED if value is None or str(value).strip() == "" else str(value)
    return f"{label}: {shown}"


def _minimum_body_height(sheet: _Sheet, summary: BoardSummary) -> float:
    if nothing_to_export_reason(summary) is not None:
        return 25.0
    table = _table_height(sheet, summary.numbers[:MIN_TABLE_ROWS], more=len(summary.numbers) > MIN_TABLE_ROWS)
    return (MIN_FIGURE_H + 8 if summary.figures else 0) + table


def _empty_view(sheet: _Sheet, reason: str) -> None:
    sheet.gap(2)
    sheet.write("Nothing to show for this view", CONTENT_W, "heading", bold=True, fill=EMPTY_FILL)
    reason = reason.removeprefix("Nothing to show for this view: ")
    sheet.write("\u2691 " + sheet.fitted(reason, CONTENT_W, "body", 12), CONTENT_W, "body", bold=True, fill=EMPTY_FILL)
    sheet.gap(1)
    sheet.write("No figure and no number is printed, so that an empty view cannot be read as a result.", CONTENT_W,
                "small", colour=GREY)


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
    _figures(sheet, summary.figures, max(0.0, budget))
    _numbers(sheet, rows, bottom)


@dataclass(frozen=True)
class _FigurePlan:
    columns: int
    kept: int  # the first `kept` figures are drawn; the rest are left to the app
    shrink: float  # image width as a fraction of its column

    @property
    def cell_w(self) -> float:
        return (CONTENT_W - GAP * (self.columns - 1)) / self.columns


def _plan_figures(sheet: _Sheet, figures, budget: float) -> _FigurePlan:
    """The grid (one or two columns) and number of figures that show the most, each at least MIN_FIGURE_H tall."""
    best = _FigurePlan(columns=1, kept=0, shrink=0.0)
    for columns in (1,) if len(figures) == 1 else (1, 2):
        for kept in range(len(figures), 0, -1):
            room = budget - (sheet.line_h("small") + 1 if kept < len(figures) else 0)
            plan = _FigurePlan(columns, kept, _shrink_to_fit(sheet, figures[:kept], columns, room))
            if _smallest_image_h(figures[:kept], plan) >= MIN_FIGURE_H:
                if (kept, plan.cell_w * plan.shrink) > (best.kept, best.cell_w * best.shrink):
                    best = plan
                break
    return best


def _figure_rows(figures, columns: int):
    return [figures[i:i + columns] for i in range(0, len(figures), columns)]


def _shrink_to_fit(sheet: _Sheet, figures, columns: int, room: float) -> float:
    """Block height is linear in the shrink factor: images * shrink + captions and gaps."""
    cell_w = _FigurePlan(columns, len(figures), 1.0).cell_w
    images = sum(max(cell_w / _aspect(png) for _, png in row) for row in _figure_rows(figures, columns))
    fixed = sum(max(sheet.height(c, cell_w, "small") for c, _ in row) + GAP + 0.5 for row in _figure_rows(figures, columns))
    return max(0.0, min(1.0, (room - fixed) / images))


def _smallest_image_h(figures, plan: _FigurePlan) -> float:
    return min(plan.cell_w * plan.shrink / _aspect(png) for _, png in figures)


def _figures(sheet: _Sheet, figures, budget: float) -> None:
    """Draw figures as large as the budget allows; figures that would be too small to read are left to the app."""
    if not figures:
        return
    plan = _plan_figures(sheet, figures, budget)
    for row in _figure_rows(figures[: plan.kept], plan.columns):
        _figure_row(sheet, row, plan)
    if plan.kept < len(figures):
        sheet.write(f"\u2026 {len(figures) - plan.kept} more figure(s) in the app (link above)", CONTENT_W, "small",
                    bold=True, colour=GREY)
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
    return heading + sum(_row_height(sheet, _cells(r)) for r in rows) + (sheet.line_h("small") + 1 if more else 0)


def _numbers(sheet: _Sheet, rows: Sequence[NumberRow], bottom: float) -> None:
    if not rows:
        return
    sheet.write("Numbers in this view, each with its source", CONTENT_W, "heading", bold=True)
    _table_row(sheet, [name for name, _ in COLUMNS], bold=True, fill=HEAD_FILL)
    more_h = sheet.line_h("small") + 1
    for index, row in enumerate(rows):
        remaining_after = len(rows) - index - 1
        needed = _row_height(sheet, _cells(row)) + (more_h if remaining_after else 0)
        if sheet.y + needed > bottom:
            _more_rows(sheet, len(rows) - index)
            return
        _table_row(sheet, _cells(row), fill=STRIPE_FILL if index % 2 else None)


def _more_rows(sheet: _Sheet, left_out: int) -> None:
    sheet.gap(0.5)
    sheet.write(f"\u2026 {left_out} more rows in the app (link above)", CONTENT_W, "small", bold=True, colour=GREY)


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
    return [("Limits of this evidence", "heading", True), (limits, "body", False), (EVIDENCE_NOT_ADVICE, "small", False)]


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


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
