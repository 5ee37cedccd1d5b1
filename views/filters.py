"""The filters that define a view, and their round trip through URL query parameters.

Unknown or malformed parameters fall back to defaults with a notice, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace

from evidence.schema import COHORT_DIMENSIONS

DESCRIPTOR_DIMENSIONS = ("functional", "treatment", "grade")  # describe a population; 'any' accepts every cohort
SUBGROUP_DIMENSIONS = tuple(d for d in COHORT_DIMENSIONS if d not in (*DESCRIPTOR_DIMENSIONS, "matched"))
UNRESTRICTED = ("any", "all")
POOLING_METHODS = ("REML", "DL", "PM", "FE")
ANALYSES = ("multivariable", "univariable")
# Timing of liver metastases is a profile field: no cohort is defined by it, but hazard ratios are.
TIMINGS = ("any", "synchronous", "metachronous")
# Number and distribution of liver metastases, and the disease setting: profile fields linked to effects, not cohorts.
LIVER_BURDENS = ("any", "solitary", "multiple", "bilobar")
SETTINGS = ("first", "recurrence")
FLAGS = ("hksj", "presenter", "secondary")  # on/off view settings, written 1/0 in the URL
# What each cohort filter is called on screen (sidebar, notices, 'Compare groups by'), in the sidebar's order.
FILTER_LABELS = {
    "endpoint": "Endpoint",
    "primary_site": "Primary tumour site",
    "extrahepatic": "Extrahepatic disease",
    "margin": "Resection margin",
    "primary_resected": "Primary tumour resected",
    "ki67": "Ki-67 index",
    "cytoreduction": "Extent of cytoreduction",
    "extent": "Extent of liver resection",
    "grade": "Tumour grade",
    "functional": "Hormonal function",
    "recurrence_site": "Recurrence site",
    "recurrence_treatment": "Treatment of recurrence",
    "recurrence_timing": "Timing of recurrence",
    "treatment": "Treatment received",
    "matched": "Propensity-matched samples",
}


@dataclass(frozen=True)
class Filters:
    endpoint: str = "OS"
    primary_site: str = "all"
    extrahepatic: str = "any"
    margin: str = "any"
    primary_resected: str = "any"
    ki67: str = "any"
    cytoreduction: str = "any"
    extent: str = "any"
    grade: str = "any"
    recurrence_site: str = "any"
    recurrence_treatment: str = "any"
    recurrence_timing: str = "any"
    functional: str = "any"
    treatment: str = "liver_surgery"  # operated patients by default; 'any' adds non-surgical comparison arms
    matched: str = "no"
    compare: str = "none"
    exclude: tuple[str, ...] = field(default_factory=tuple)
    factor: str = ""
    analysis: str = "multivariable"
    method: str = "REML"
    hksj: bool = False
    timing: str = "any"
    liver_burden: str = "any"
    setting: str = "first"  # first liver operation, or recurrence after liver surgery (board profile)
    presenter: bool = False
    secondary: bool = False  # pool secondary-only studies too (Survival page)
    subgroup_by: str = ""  # the Forest page's subgroup split; checked by the page, which knows the splits

    def is_default(self, name: str) -> bool:
        return getattr(self, name) == getattr(DEFAULT, name)

    def active_subgroups(self) -> dict[str, str]:
        """Filters that narrow the view below the default one."""
        return {d: getattr(self, d) for d in (*SUBGROUP_DIMENSIONS, *DESCRIPTOR_DIMENSIONS) if getattr(self, d) != getattr(Filters, d)}


DEFAULT = Filters()


def allowed_values(vocabulary) -> dict[str, tuple[str, ...]]:
    """Allowed value of each filter, from the evidence vocabulary (so new values need no code)."""
    by_dim: dict[str, list[str]] = {}
    for dim, value in zip(vocabulary["dimension"], vocabulary["value"], strict=True):
        by_dim.setdefault(dim, []).append(value)
    allowed = {d: tuple(by_dim.get(d, [])) for d in (*SUBGROUP_DIMENSIONS, *DESCRIPTOR_DIMENSIONS, "matched")}
    allowed["endpoint"] = tuple(v for v in by_dim.get("endpoint", []) if v != "other")
    allowed["compare"] = ("none", *SUBGROUP_DIMENSIONS, "matched")
    allowed["analysis"] = ANALYSES
    allowed["method"] = POOLING_METHODS
    allowed["timing"] = TIMINGS
    allowed["liver_burden"] = LIVER_BURDENS
    allowed["setting"] = SETTINGS
    return allowed


def from_params(params: Mapping[str, str | list[str]], allowed: dict[str, tuple[str, ...]], studies: set[str]) -> tuple[Filters, list[str]]:
    """Filters from query parameters, and one notice per parameter that was ignored."""
    values, notices = {}, []
    known = {f.name for f in fields(Filters)}
    for key, raw in params.items():
        text = raw[-1] if isinstance(raw, list) else raw
        text = str(text).strip()
        if key not in known:
            notices.append(f"Ignored unknown URL parameter '{key}'.")
            continue
        value, problem = _parse(key, text, allowed, studies)
        if problem:
            notices.append(f"URL parameter {key}={text!r} {problem}; using the default ({_shown(getattr(DEFAULT, key))}).")
        else:
            values[key] = value
    return replace(DEFAULT, **values), notices


def _parse(key: str, text: str, allowed: dict[str, tuple[str, ...]], studies: set[str]):
    if key == "exclude":
        ids = tuple(sorted({s for s in text.split(",") if s}))
        unknown = [s for s in ids if s not in studies]
        return (None, f"names unknown studies ({', '.join(unknown)})") if unknown else (ids, None)
    if key in FLAGS:
        if text.lower() in ("1", "true", "yes"):
            return True, None
        if text.lower() in ("0", "false", "no"):
            return False, None
        return None, "is not 0 or 1"
    if key in ("factor", "subgroup_by"):
        return text, None  # checked against the data by the page, which knows the factors and splits
    options = allowed.get(key, ())
    if key == "primary_site" and text == "any":
        text = "all"
    if key != "primary_site" and text == "all" and "any" in options:
        text = "any"
    if text not in options:
        return None, f"is not one of {', '.join(options)}"
    return text, None


def to_params(filters: Filters) -> dict[str, str]:
    """Only the parameters that differ from the defaults, so links stay short."""
    out = {}
    for name, value in asdict(filters).items():
        if value == getattr(DEFAULT, name):
            continue
        if name == "exclude":
            out[name] = ",".join(value)
        elif name in FLAGS:
            out[name] = "1" if value else "0"
        else:
            out[name] = str(value)
    return out


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ",".join(value) or "none"
    return str(value)
