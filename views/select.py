"""Which cohorts and estimates a set of filters selects, across studies."""

from __future__ import annotations

import pandas as pd

from evidence.relations import is_within

from .filters import DESCRIPTOR_DIMENSIONS, SUBGROUP_DIMENSIONS, UNRESTRICTED, Filters


def broader_map(vocabulary: pd.DataFrame) -> dict[tuple[str, str], str]:
    rows = vocabulary.dropna(subset=["broader"])
    return {(d, v): b for d, v, b in zip(rows["dimension"], rows["value"], rows["broader"], strict=True)}


def select_cohorts(cohorts: pd.DataFrame, filters: Filters, broader: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Cohorts matching the filters, with a `match` column: 'exact', or 'broader' when the
    cohort contains the requested group (an R1/R2 cohort for an R1 filter)."""
    keep, match = [], []
    for row in cohorts.to_dict("records"):
        verdict = _verdict(row, filters, broader)
        if verdict and row["study_id"] not in filters.exclude:
            keep.append(row)
            match.append(verdict)
    out = pd.DataFrame(keep, columns=cohorts.columns)
    out["match"] = match
    return out


def _verdict(row: dict, filters: Filters, broader) -> str | None:
    verdict = "exact"
    if row["matched"] != filters.matched and filters.compare != "matched":
        return None
    for dim in SUBGROUP_DIMENSIONS:
        wanted, value = getattr(filters, dim), row[dim]
        if dim == filters.compare:
            if value in UNRESTRICTED or (wanted not in UNRESTRICTED and not is_within(broader, dim, value, wanted)):
                return None
            continue
        if wanted in UNRESTRICTED:
            if value not in UNRESTRICTED:
                return None
        elif is_within(broader, dim, value, wanted):
            continue
        elif value not in UNRESTRICTED and is_within(broader, dim, wanted, value):
            verdict = "broader"
        else:
            return None
    for dim in DESCRIPTOR_DIMENSIONS:
        wanted = getattr(filters, dim)
        if wanted not in UNRESTRICTED and not is_within(broader, dim, row[dim], wanted):
            return None
    return verdict


def whole_cohorts(
    cohorts: pd.DataFrame, filters: Filters, broader: dict[tuple[str, str], str] | None = None
) -> pd.DataFrame:
    """Each study's unrestricted cohorts (no subgroup), for contrast with a filtered view;
    population descriptors (treatment, function) still apply."""
    mask = pd.Series(True, index=cohorts.index)
    for dim in DESCRIPTOR_DIMENSIONS:
        wanted = getattr(filters, dim)
        if wanted not in UNRESTRICTED:
            mask &= cohorts[dim].map(lambda v, d=dim, w=wanted: is_within(broader or {}, d, v, w))
    for dim in SUBGROUP_DIMENSIONS:
        mask &= cohorts[dim].isin(UNRESTRICTED)
    mask &= cohorts["matched"] == "no"
    mask &= ~cohorts["study_id"].isin(filters.exclude)
    return cohorts[mask]
