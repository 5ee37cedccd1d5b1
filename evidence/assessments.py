"""Checks of the curated judgements (risk of bias, certainty overrides): every study assessed in every QUIPS domain
once, each judgement either quoted or 'not reported' under the stated rule, each override aimed at an outcome the
app grades."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .problems import Problem
from .relations import _at, rows
from .schema import NOT_REPORTED_JUDGEMENT, QUIPS_DOMAINS

OUTCOME_KEY = re.compile(r"^(OS@(5|10)|factor:.+)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def risk_of_bias_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    study_source = dict(zip(tables["studies"]["id"], tables["studies"]["source"], strict=True))
    seen = Counter()
    for row in rows(tables["risk_of_bias"]):
        seen[(row["study_id"], row["domain"])] += 1
        if row["basis"] == "stated" and not (row["quote"] and row["locator"]):
            problems.append(_at("risk_of_bias", row, "quote", "basis is 'stated' but the quote or locator is empty"))
        if row["basis"] == "not_reported":
            if row["quote"]:
                problems.append(_at("risk_of_bias", row, "quote", "basis is 'not_reported' but a quote is given"))
            if row["judgement"] != NOT_REPORTED_JUDGEMENT:
                problems.append(
                    _at(
                        "risk_of_bias",
                        row,
                        "judgement",
                        f"'not_reported' is judged '{NOT_REPORTED_JUDGEMENT}' by the rule, not '{row['judgement']}'",
                    )
                )
        expected_source = study_source.get(row["study_id"])
        if expected_source is not None and row["source"] != expected_source:
            problems.append(_at("risk_of_bias", row, "source", f"is not the study's own source ('{expected_source}')"))
    for (study, domain), n in seen.items():
        if n > 1:
            problems.append(Problem("risk_of_bias.csv", None, study, "domain", f"'{domain}' is assessed {n} times"))
    for study in study_source:
        missing = [d for d in QUIPS_DOMAINS if (study, d) not in seen]
        if missing:
            problems.append(
                Problem("risk_of_bias.csv", None, study, "domain", f"study not assessed in: {', '.join(missing)}")
            )
    return problems


def override_rows(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    factors = set(tables["effects"]["comparison_key"].dropna())
    for row in rows(tables["certainty_overrides"]):
        outcome = row["outcome"]
        if not OUTCOME_KEY.match(outcome):
            problems.append(_at("certainty_overrides", row, "outcome", "must be 'OS@5', 'OS@10' or 'factor:<key>'"))
        elif outcome.startswith("factor:") and outcome.removeprefix("factor:") not in factors:
            problems.append(_at("certainty_overrides", row, "outcome", "names no comparison_key in effects.csv"))
        if not ISO_DATE.match(row["decided_on"]):
            problems.append(_at("certainty_overrides", row, "decided_on", "must be a date, YYYY-MM-DD"))
    return problems
