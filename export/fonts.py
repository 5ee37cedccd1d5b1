"""The PDF's type: DejaVu Sans Condensed (shipped in export/assets/fonts, Bitstream Vera licence), so τ², I², –, ≥, †
and ⚑ print as themselves and stay extractable text; what a fallback font lacks is transliterated, never a blank box."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

ASSETS_FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
FONT_CANDIDATES = (
    (ASSETS_FONTS / "DejaVuSansCondensed.ttf", ASSETS_FONTS / "DejaVuSansCondensed-Bold.ttf"),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
)
# Only used for characters the font lacks; DejaVu has all of these, the core-font fallback has none beyond Latin-1.
TRANSLITERATIONS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u03c4": "tau",
    "\u00b2": "^2",
    "\u2020": "+",
    "\u2021": "++",
    "\u2691": "[!]",
    "\u2026": "...",
    "\u00d7": "x",
    "\u00b1": "+/-",
    "\u2192": "->",
    "\u00b7": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u03c7": "chi",
    "\u03ba": "kappa",
    "\u03b1": "alpha",
    "\u03b2": "beta",
    "\u2248": "~",
    "\u2260": "!=",
    "\u00b3": "^3",
    "\u2713": "v",
}


@lru_cache(maxsize=1)
def font_choice() -> tuple[Path, Path, frozenset[int]] | None:
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
