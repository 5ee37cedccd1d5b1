"""Evidence page view model: one table, searched and flagged."""

from __future__ import annotations

import pandas as pd

from .catalog import catalog

TABLE_TITLES = {
    "survival": "Survival points",
    "effects": "Effect estimates (HR/OR)",
    "comparisons": "Survival comparisons (p-values)",
    "counts": "Counts and proportions",
    "quantities": "Continuous summaries",
    "cohorts": "Cohorts and subgroups",
    "studies": "Studies",
    "discrepancies": "Discrepancies",
}


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
