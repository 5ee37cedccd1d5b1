"""Each study's QUIPS judgements, in domain order, for the traffic lights beside forest rows and curves."""

from __future__ import annotations

from evidence.schema import QUIPS_DOMAINS

DOMAIN_WORDS = {
    "study_participation": "participation",
    "study_attrition": "attrition",
    "prognostic_factor_measurement": "factor measurement",
    "outcome_measurement": "outcome measurement",
    "study_confounding": "confounding",
    "statistical_analysis_reporting": "analysis and reporting",
}


def judgements(ev) -> dict[str, tuple[tuple[str, str], ...]]:
    """study -> ((domain words, low/moderate/high), …) in QUIPS order; built once per evidence."""

    def build():
        table = ev.risk_of_bias
        by_study: dict[str, dict[str, str]] = {}
        for study, domain, judgement in zip(table["study_id"], table["domain"], table["judgement"], strict=True):
            by_study.setdefault(study, {})[domain] = judgement
        return {
            study: tuple((DOMAIN_WORDS[d], found[d]) for d in QUIPS_DOMAINS if d in found)
            for study, found in by_study.items()
        }

    return ev.memo("risk of bias by study", build)
