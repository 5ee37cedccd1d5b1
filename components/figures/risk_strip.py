"""The risk-of-bias traffic light: one coloured letter per QUIPS domain (L low, M moderate, H high), beside a forest row
or a curve's legend entry. Letters, not only colours, so a reader who cannot tell the colours apart reads it too, and
every font has them (a half-filled circle fell back to a sliver in the figure's font)."""

from __future__ import annotations

MARKS = {"low": ("L", "#009E73"), "moderate": ("M", "#B07A00"), "high": ("H", "#D55E00")}


def strip(judgements) -> str:
    """Plotly markup: the six letters in QUIPS order ('' when the study was not assessed)."""
    letters = "".join(f'<span style="color:{MARKS[j][1]}">{MARKS[j][0]}</span>' for _, j in judgements if j in MARKS)
    return f"<b>{letters}</b>" if letters else ""


def hover_line(judgements) -> str:
    """'Risk of bias (QUIPS): participation moderate · attrition moderate · …' for a hover."""
    if not judgements:
        return "Risk of bias: not assessed"
    return "Risk of bias (QUIPS): " + " · ".join(f"{domain} {j}" for domain, j in judgements)


LEGEND_WORDS = (
    "Letters after each study: its risk of bias in the six QUIPS domains (participation, attrition, factor "
    "measurement, outcome measurement, confounding, analysis and reporting): L low, M moderate, H high; hover for the "
    "words, the Evidence page's Risk of bias table for the source's."
)
