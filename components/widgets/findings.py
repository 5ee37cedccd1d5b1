"""The summary-of-findings table (GRADE), with what the filters changed said above it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.certainty import SummaryOfFindings, findings_rows
from views.text import inert

from .static_table import show_table

RULES_NOTE = (
    "Certainty (GRADE for prognosis): a body of observational series starts high and is rated down for risk of bias "
    "(QUIPS), inconsistency, imprecision, indirectness and publication bias, by rules the app applies to the numbers "
    "above; Methods & limits gives the rules and thresholds. ⊕⊕⊕⊕ high · ⊕⊕⊕◯ moderate · ⊕⊕◯◯ low · ⊕◯◯◯ very low."
)


def findings_table(sof: SummaryOfFindings, box=st) -> None:
    box.header("Summary of findings: how sure is each number")
    if sof.changes:
        lead = (
            "The filters changed the certainty of"
            if sof.baseline == "with no filters"
            else ("For this patient the certainty differs from Overview's (no filters) for")
        )
        box.info(inert(f"{lead}: " + "; ".join(sof.changes) + "."))
    frame = pd.DataFrame(findings_rows(sof))
    if not sof.changes:
        frame = frame.drop(columns="Changed by the filters")
    show_table(frame, box, label=f"Summary of findings for {sof.scope}")
    box.caption(inert(sof.note) + (" " if sof.note else "") + RULES_NOTE)
