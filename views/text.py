"""Small pieces of text every view writes the same way: a p-value as printed, a missing value."""

from __future__ import annotations

import math
import re
import string

import pandas as pd


def is_missing(value) -> bool:
    """None, NaN, pandas' NA or an empty string: the source does not state it."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def p_text(value, operator, test: str = "") -> str:
    """'p < 0.001', 'log-rank p = 0.02' as the source prints it; '' when it prints none."""
    if is_missing(value):
        return ""
    return f"{test + ' ' if test and not is_missing(test) else ''}p {operator} {value:g}"


def counted(count: int, noun: str, plural: str = "") -> str:
    """'1 estimate', '5 estimates', '1 study', '3 studies'."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


ECHO_LIMIT = 60  # characters of a link's text shown back in a notice
_PUNCTUATION = frozenset(string.punctuation)  # ASCII punctuation: what CommonMark lets a backslash escape
ZERO_WIDTH_SPACE = "\u200b"
_WWW = re.compile(r"(?i)(www)(\\\.)")


def inert(text, limit: int | None = None) -> str:
    """Text from a link or from the evidence as Markdown that renders exactly that text: every ASCII punctuation mark
    backslash-escaped (CommonMark allows it), so no link, bare address, image, emphasis, colour directive, HTML or
    formula becomes live; line breaks fold to spaces; `limit` cuts echoed text ('…' marks the cut)."""
    flat = re.sub(r"\s+", " ", str(text))  # a space at either end stays: parts are joined
    if limit is not None and len(flat) > limit:
        flat = flat[:limit] + "…"
    escaped = "".join(f"\\{ch}" if ch in _PUNCTUATION else ch for ch in flat)
    # Streamlit links bare addresses after escapes are read: a zero-width space keeps 'https://', 'www.' and 'a@b' apart
    escaped = escaped.replace("\\:\\/\\/", "\\:" + ZERO_WIDTH_SPACE + "\\/\\/").replace("\\@", ZERO_WIDTH_SPACE + "\\@")
    return _WWW.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE + m.group(2), escaped)
