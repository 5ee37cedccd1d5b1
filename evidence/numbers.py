"""Numbers written in a quote, in figures or in words, so the checker can see
that every value of a row is stated in its quote.

Written by hand: no maintained library reads 'One-hundred and forty' and
'10-year' and '.192' from running text the way an abstract writes them.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "and"], key=len, reverse=True))
_WORD_RUN = re.compile(rf"\b(?:{_WORD})(?:[\s-]+(?:{_WORD}))*\b", re.IGNORECASE)


def numbers_in(text: str) -> set[float]:
    """Every number the text states, in figures ('1,525', '.192', '66.8') or words."""
    found: set[float] = set()
    for match in re.finditer(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|(?<!\d)\.\d+", text):
        token = match.group().replace(",", "").replace("−", "-")
        try:
            value = float(token)
        except ValueError:
            continue
        found.add(value)
        found.add(abs(value))
    for match in _WORD_RUN.finditer(text):
        value = _words_to_number(match.group())
        if value is not None:
            found.add(float(value))
    return found


def _words_to_number(phrase: str) -> int | None:
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def stated(value: float, quote_numbers: set[float], as_percent: bool = False) -> bool:
    """Is `value` (or, for a fraction, value × 100) among the quote's numbers?"""
    candidates = [value]
    if as_percent:
        candidates.append(value * 100)
    return any(abs(c - q) <= 1e-9 * max(1.0, abs(q)) for c in candidates for q in quote_numbers)


INLINE_TAGS = re.compile(r"</?(i|b|em|strong|sup|sub)>", re.IGNORECASE)


def normalised(text: str) -> str:
    """Text with line-break hyphenation, inline HTML emphasis (a web copy's <i>n</i>) and all whitespace removed, for
    verbatim matching: the quote keeps the words, not the page's markup."""
    text = INLINE_TAGS.sub("", text)
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", "", text).replace("−", "-")
