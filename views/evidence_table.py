"""Evidence page view model: one table, searched and flagged."""

from __future__ import annotations

import re

import pandas as pd

from evidence.schema import COHORT_DIMENSIONS

from .catalog import catalog
from .labels import Labels

VOCABULARY_COLUMNS = {*COHORT_DIMENSIONS, "endpoint", "factor"}

TABLE_TITLES = {
    "survival": "Survival points",
    "effects": "Effect estimates (HR/OR)",
    "comparisons": "Survival comparisons (p-values)",
    "counts": "Counts and proportions",
    "quantities": "Continuous summaries",
    "cohorts": "Cohorts and subgroups",
    "studies": "Studies",
    "discrepancies": "Discrepancies",
    "risk_of_bias": "Risk of bias (QUIPS), with the source's words",
    "reviews": "Published reviews and meta-analyses (never pooled with the studies)",
}


# columns a reader does not need to read a row (the raw CSV download keeps them)
MACHINE_COLUMNS = {
    "id",
    "comparison_key",
    "comparison_id",
    "time_years",
    "source",
    "parent_id",
    "cohort_ids",
    "affected_rows",
}
CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")  # a code like 'no_difference' or 'not_stated', read as words
HEADINGS = {
    "study_id": "Study",
    "cohort_id": "Cohort",
    "ci_lower": "CI lower",
    "ci_upper": "CI upper",
    "ci_level": "CI level",
    "p_value": "p",
    "p_operator": "p as printed",
    "time_ci_lower": "Time CI lower",
    "time_ci_upper": "Time CI upper",
    "n": "n",
    "pmid": "PMID",
    "doi": "DOI",
    "locator": "Where in the source",
    "quote": "The source's own words",
    "short_label": "Study",
    "locator_a": "Where (A)",
    "locator_b": "Where (B)",
}
# a file name in a locator says where the curator read it, not where in the paper: '(further_studies.md §7)'
FILE_IN_LOCATOR = re.compile(r"\s*\([^()]*\.(?:md|txt|pdf|html)\b[^()]*\)")


def readable_table(ev, name: str, labels: Labels, query: str = "", studies=()) -> pd.DataFrame:
    """The table as a reader reads it: study and cohort names for ids, the vocabulary's words for codes, headings in
    words, locators as citations; searched in what is shown. Every row keeps its flag for recorded contradictions."""
    raw = flagged_table(ev, name, "", studies)
    known = catalog(ev)
    shown = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        if column in MACHINE_COLUMNS:
            continue
        values = raw[column]
        if column == "study_id":
            values = values.map(labels.study)
        elif column == "cohort_id":
            values = values.map(lambda c: known.cohorts.at[c, "label"] if c in known.cohorts.index else c)
        elif column in ("locator", "locator_a", "locator_b"):
            values = values.map(lambda text: FILE_IN_LOCATOR.sub("", text) if isinstance(text, str) else text)
        elif column in VOCABULARY_COLUMNS:
            values = values.map(lambda v, d=column: labels.value(d, v) if isinstance(v, str) and v else v)
        if values.dtype == object:
            values = values.map(lambda v: v.replace("_", " ") if isinstance(v, str) and CODE.match(v) else v)
        shown[HEADINGS.get(column, column.replace("_", " ").capitalize())] = values
    if query:
        needle = query.lower()
        mask = shown.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        shown = shown[mask]
    return shown.reset_index(drop=True)


def flagged_table(ev, name: str, query: str = "", studies=()) -> pd.DataFrame:
    table = ev.table(name)
    if studies and "study_id" in table.columns:
        table = table[table["study_id"].isin(studies)]
    elif studies and name == "studies":
        table = table[table["id"].isin(studies)]
    if query:
        needle = query.lower()
        mask = table.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        table = table[mask]
    if name != "discrepancies" and "id" in table.columns:
        flagged = set(catalog(ev).discrepancies_of)
        table = table.assign(flag=table["id"].map(lambda i: "⚑" if i in flagged else ""))
        table = table[["flag", *[c for c in table.columns if c != "flag"]]]
    return table.reset_index(drop=True)
