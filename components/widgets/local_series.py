"""Widgets of the 'Our unit' page: what happens to the data, a refused file's problems, the summary numbers form."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from local_series.summary import YEARS, LocalSummary, summary_problems
from views.filters import FILTER_LABELS
from views.local_series import LOCAL_MARK, describe_unit, readout_rows
from views.text import inert

from .static_table import show_table

PRIVACY = (
    "Your data stay in this browser session: nothing you upload or type is written to disk, to a log or to a link, "
    "and nothing is shared with other users of this server. They disappear when you close the tab or on "
    "'Clear my data'. Upload outcomes only: columns that look like identifiers (names, dates of birth, record, NHS or "
    "social security numbers) are refused."
)
LINK_NOTE = (
    "This link carries the filters, never your data: whoever opens it sees the published evidence only, and this "
    "page empty until they load their own."
)
PROFILE_FIELDS = ("primary_site", "extrahepatic", "margin", "grade", "functional", "primary_resected")


def refusal(refused, current) -> None:
    """Every problem of a refused file (file, line, column), and what is still loaded."""
    lines = [f"- {inert(p.text)}" for p in refused.problems]
    if refused.more > 0:
        lines.append(f"- … and {refused.more} more problems.")
    kept = (
        f" Your data loaded earlier ({inert(getattr(current, 'file', 'summary numbers'))}) are still shown."
        if current is not None
        else ""
    )
    st.error("**The file was not loaded; nothing of it is used.**" + kept + "\n\n" + "\n".join(lines))


def upload_status(view, facts: str = "") -> None:
    st.caption(
        inert(f"Your data: {view.source}; {LOCAL_MARK}." + (f" {facts[0].upper()}{facts[1:]}." if facts else ""))
    )


def summary_form(allowed: dict[str, tuple[str, ...]], labels, keep) -> None:
    """Summary numbers of a series; on submit, kept when they hold together, else each problem named."""
    with st.form("unit_summary"):
        top = st.columns(4)
        patients = top[0].number_input("Patients", min_value=0, step=1, value=None, key="unit_patients")
        deaths = top[1].number_input("Deaths (optional)", min_value=0, step=1, value=None, key="unit_deaths")
        median = top[2].number_input(
            "Median survival, years (optional)", min_value=0.0, step=0.1, value=None, key="unit_median"
        )
        follow_up = top[3].number_input(
            "Median follow-up, months (optional)", min_value=0.0, step=1.0, value=None, key="unit_follow_up"
        )
        not_reached = st.checkbox("Median survival not reached", key="unit_not_reached")
        at = st.columns(len(YEARS))
        survival = {
            year: column.number_input(
                f"Survival at {year} year{'s' * (year != 1)}, %",
                min_value=0.0,
                max_value=100.0,
                value=None,
                key=f"unit_s{year}",
            )
            for year, column in zip(YEARS, at, strict=True)
        }
        profile_columns = st.columns(len(PROFILE_FIELDS))
        profile = {
            name: column.selectbox(
                FILTER_LABELS[name],
                allowed[name],
                format_func=lambda v, n=name: "Any / mixed" if v in ("any", "all") else labels.value(n, v),
                key=f"unit_profile_{name}",
            )
            for name, column in zip(PROFILE_FIELDS, profile_columns, strict=True)
        }
        submitted = st.form_submit_button("Use these numbers")
    if not submitted:
        return
    summary = LocalSummary(
        patients=int(patients or 0),
        deaths=None if deaths is None else int(deaths),
        survival={y: v / 100 for y, v in survival.items() if v is not None},
        median_years=median,
        median_not_reached=not_reached,
        follow_up_months=follow_up,
        profile={k: v for k, v in profile.items() if v not in ("any", "all")},
    )
    problems = summary_problems(summary)
    if problems:
        st.error("**The numbers were not used.**\n\n" + "\n".join(f"- {inert(p)}" for p in problems))
    else:
        keep(summary)


def unit_panel(view, labels, facts: str = "") -> None:
    """The board's panel: the unit's patients like this one beside the published values (local, never pooled)."""
    st.header(f"Our unit's patients like this one ({LOCAL_MARK})")
    st.markdown(f"**{inert(describe_unit(view))}**")
    upload_status(view, facts)
    if view.applied:
        st.caption(inert("Profile applied to your patients: " + "; ".join(view.applied) + "."))
    if view.not_applied:
        st.warning(inert("Not applied to your data: " + "; ".join(n.rstrip(".") for n in view.not_applied) + "."))
    show_table(pd.DataFrame(readout_rows(view)), label="Our unit beside the published values")
