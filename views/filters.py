"""The filters that define a view, each declared once (FILTERS), and their round trip through URL query parameters.

A declaration says the filter's name, default, values, labels (sidebar and board), help, kind, scope (which views
read it) and where it is drawn. The Filters dataclass, the sidebar, the board's profile form, URL parsing, the labels
and the README's URL table all derive from it. Unknown or malformed parameters fall back to defaults with a notice,
never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, make_dataclass, replace

from evidence.schema import COHORT_DIMENSIONS

from .text import ECHO_LIMIT, inert

DESCRIPTOR_DIMENSIONS = ("functional", "treatment", "grade")  # describe a population; 'any' accepts every cohort
SUBGROUP_DIMENSIONS = tuple(d for d in COHORT_DIMENSIONS if d not in (*DESCRIPTOR_DIMENSIONS, "matched"))
UNRESTRICTED = ("any", "all")
KEYED = ("factor", "subgroup_by")  # free filters that name a key of the evidence
FREE_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}(:[a-z0-9_]{1,80})?")  # a column or comparison key, nothing else
POOLING_METHODS = ("REML", "DL", "PM", "FE")
ANALYSES = ("multivariable", "univariable")
# what reads a filter: the Survival, Forest and board views, the figures' look
VIEWS = ("survival", "forest", "board", "display", "evidence")


@dataclass(frozen=True)
class FilterSpec:
    name: str
    default: object
    label: str  # on the sidebar, the Survival page and in notices
    # a vocabulary dimension, or the allowed values themselves ('' = checked by the page)
    values: str | tuple[str, ...] = ""
    kind: str = (
        "choice"  # 'choice', 'flag' (1/0 in the URL), 'studies' (comma-separated ids), 'free' (checked by its page)
    )
    # the views that read it (VIEWS): their caches are keyed on nothing else
    scope: tuple[str, ...] = ("survival", "board")
    sidebar: str = ""  # '' not drawn there, 'open', or 'more' (under 'More filters')
    board_label: str = ""  # on the tumour board's profile form ('' = not on it)
    help: str = ""  # the board form's help
    value_labels: tuple[tuple[str, str], ...] = ()  # labels of values no vocabulary names
    url: str = ""  # what the README's URL table says it takes


def _cohort(
    name: str, label: str, board_label: str = "", sidebar: str = "more", default: str = "any", **extra
) -> FilterSpec:
    return FilterSpec(name, default, label, values=name, sidebar=sidebar, board_label=board_label, **extra)


# In the order a surgeon presents a case (the board's form); the sidebar keeps the same order.
FILTERS = (
    FilterSpec(
        "endpoint",
        "OS",
        "Endpoint",
        values="endpoint",
        scope=("survival", "forest", "board"),
        sidebar="open",
        url="`OS`, `DFS`, `RFS`, `PFS`, … (the vocabulary's endpoints)",
    ),
    _cohort("primary_site", "Primary tumour site", "Primary tumour site", sidebar="open", default="all"),
    _cohort(
        "primary_resected",
        "Primary tumour resected",
        "Primary tumour",
        help="A primary removed at the same operation as the liver resection counts as resected.",
    ),
    _cohort(
        "extrahepatic",
        "Extrahepatic disease",
        "Extrahepatic disease",
        sidebar="open",
        help=(
            "Regional (mesenteric) lymph nodes of the primary: several series report nodal metastasis of the primary "
            "separately (linked to this field); series of 'extrahepatic disease' do not say whether nodes count."
        ),
    ),
    FilterSpec(
        "liver_burden",
        "any",
        "Liver metastases: number and distribution",
        values=("any", "solitary", "multiple", "bilobar"),
        scope=("board",),
        board_label="Liver metastases: number and distribution",
        value_labels=(
            ("any", "Not known"),
            ("solitary", "Solitary"),
            ("multiple", "Multiple, one lobe"),
            ("bilobar", "Bilobar"),
        ),
        url="`any`, `solitary`, `multiple`, `bilobar` (board profile)",
    ),
    FilterSpec(
        "timing",
        "any",
        "Liver metastases: timing",
        values=("any", "synchronous", "metachronous"),
        scope=("board",),
        board_label="Liver metastases: timing",
        value_labels=(("any", "Not known"), ("synchronous", "Synchronous"), ("metachronous", "Metachronous")),
        url="`any`, `synchronous`, `metachronous` (board profile)",
    ),
    _cohort(
        "grade",
        "Tumour grade",
        "Grade",
        help="WHO grade (G1 Ki-67 <3%, G2 3–20%, G3 >20%). Enter grade, Ki-67 or both: each stands in for the other.",
    ),
    _cohort(
        "ki67",
        "Ki-67 index",
        "Ki-67 index",
        help="Ki-67 of the liver metastases where known. Enter grade, Ki-67 or both: each stands in for the other.",
    ),
    _cohort("functional", "Hormonal function", "Hormonal function"),
    _cohort("treatment", "Treatment received", "Planned liver treatment", default="liver_surgery"),
    _cohort("extent", "Extent of liver resection", "Planned extent of resection"),
    _cohort("margin", "Resection margin", "Expected resection margin", sidebar="open"),
    _cohort("cytoreduction", "Extent of cytoreduction", "Expected extent of cytoreduction"),
    FilterSpec(
        "setting",
        "first",
        "Disease setting",
        values=("first", "recurrence"),
        scope=("board",),
        board_label="Disease setting",
        help="A first liver operation, or disease that recurred after liver surgery (then enter the recurrence's site, timing and treatment).",
        value_labels=(("first", "First liver operation"), ("recurrence", "Recurrence after liver surgery")),
        url="`first`, `recurrence` (board profile)",
    ),
    _cohort("recurrence_site", "Recurrence site", "Recurrence: site"),
    _cohort(
        "recurrence_timing",
        "Timing of recurrence",
        "Recurrence: timing",
        help="Early or late as each source defines it (cut-offs differ: 1 year in Xiang 2018 (G1), 3 years in Zhang 2017).",
    ),
    _cohort("recurrence_treatment", "Treatment of recurrence", "Recurrence: treatment"),
    _cohort("matched", "Propensity-matched samples", default="no"),
    FilterSpec(
        "compare",
        "none",
        "Compare groups by",
        values=("none", *SUBGROUP_DIMENSIONS, "matched"),
        scope=("survival",),
        url="a dimension to draw one curve per group on Survival",
    ),
    FilterSpec(
        "exclude",
        (),
        "Leave out studies",
        kind="studies",
        scope=("survival", "forest", "board"),
        url="comma-separated study ids left out of every pool",
    ),
    FilterSpec(
        "secondary",
        False,
        "Include secondary-only studies in the pool",
        kind="flag",
        scope=("survival",),
        url="1 = pool secondary-only studies too (Survival)",
    ),
    FilterSpec(
        "factor", "", "Factor", kind="free", scope=("forest",), url="the Forest page's factor (a comparison key)"
    ),
    FilterSpec(
        "analysis",
        "multivariable",
        "Analysis",
        values=ANALYSES,
        scope=("forest",),
        url="`multivariable`, `univariable` (Forest)",
    ),
    FilterSpec(
        "method",
        "REML",
        "τ² estimator",
        values=POOLING_METHODS,
        scope=("forest",),
        url="`REML`, `DL`, `PM`, `FE` (Forest)",
    ),
    FilterSpec(
        "hksj",
        False,
        "Hartung–Knapp–Sidik–Jonkman",
        kind="flag",
        scope=("forest",),
        url="1 = Hartung–Knapp adjustment (Forest)",
    ),
    FilterSpec(
        "subgroup_by",
        "",
        "Compare subgroups by",
        kind="free",
        scope=("forest",),
        url="the Forest page's subgroup split",
    ),
    FilterSpec(
        "presenter",
        False,
        "Presenter view",
        kind="flag",
        scope=("display",),
        url="1 = presenter view: larger type and markers, high contrast, sidebar folded",
    ),
    FilterSpec(
        "table",
        "survival",
        "Table",
        values=(
            "survival",
            "effects",
            "comparisons",
            "counts",
            "quantities",
            "cohorts",
            "studies",
            "discrepancies",
            "risk_of_bias",
            "reviews",
        ),
        scope=("evidence",),
        url="the Evidence page's table: `survival`, `effects`, `comparisons`, `counts`, … `discrepancies`, `risk_of_bias`, `reviews`",
    ),
    FilterSpec(
        "search",
        "",
        "Search the table",
        kind="free",
        scope=("evidence",),
        url="the Evidence page's search (any text; matched in what the table shows)",
    ),
)
SPEC = {s.name: s for s in FILTERS}
FLAGS = tuple(s.name for s in FILTERS if s.kind == "flag")  # on/off view settings, written 1/0 in the URL
# cohort filters and the endpoint
FILTER_LABELS = {s.name: s.label for s in FILTERS if s.values == s.name or s.name == "endpoint"}


def _is_default(self, name: str) -> bool:
    return getattr(self, name) == getattr(DEFAULT, name)


def _active_subgroups(self) -> dict[str, str]:
    """Filters that narrow the view below the default one."""
    return {
        d: getattr(self, d)
        for d in (*SUBGROUP_DIMENSIONS, *DESCRIPTOR_DIMENSIONS)
        if getattr(self, d) != getattr(DEFAULT, d)
    }


def _only(self, *views: str):
    """These filters with every field no view in `views` reads set to its default: what a view's cache is keyed on."""
    return replace(self, **{s.name: s.default for s in FILTERS if not set(s.scope) & set(views)})


Filters = make_dataclass(
    "Filters",
    [(s.name, type(s.default), field(default=s.default)) for s in FILTERS],
    frozen=True,
    namespace={
        "is_default": _is_default,
        "active_subgroups": _active_subgroups,
        "only": _only,
        "__doc__": "The view: one field per declared filter (FILTERS), frozen so that caches can key on it.",
    },
)
Filters.__module__ = __name__  # so that pickling (st.cache_data) finds it here
DEFAULT = Filters()


def allowed_values(vocabulary, comparison_keys=()) -> dict[str, tuple[str, ...]]:
    """Allowed values of each filter: fixed ones from their declaration, the rest from the evidence vocabulary (so new
    values need no code); with `comparison_keys` (effects.csv), the factors a link may name."""
    by_dim: dict[str, list[str]] = {}
    for dim, value in zip(vocabulary["dimension"], vocabulary["value"], strict=True):
        by_dim.setdefault(dim, []).append(value)
    allowed = {}
    for s in FILTERS:
        if isinstance(s.values, tuple):
            allowed[s.name] = s.values
        elif s.values:
            allowed[s.name] = tuple(v for v in by_dim.get(s.values, []) if not (s.name == "endpoint" and v == "other"))
    if len(comparison_keys):
        allowed["factor"] = tuple(sorted(set(comparison_keys)))
    return allowed


def value_label(labels, name: str, value: str) -> str:
    """A value as the board and notices show it: 'Not known' for an unrestricted one."""
    own = dict(SPEC[name].value_labels) if name in SPEC else {}
    if value in own:
        return own[value]
    if value in UNRESTRICTED:
        return "Not known"
    return labels.value(name, value)


def from_params(
    params: Mapping[str, str | list[str]], allowed: dict[str, tuple[str, ...]], studies: set[str]
) -> tuple[Filters, list[str]]:
    """Filters from query parameters, and one notice per parameter that was ignored."""
    values, notices = {}, []
    known = {f.name for f in fields(Filters)}
    for key, raw in params.items():
        text = raw[-1] if isinstance(raw, list) else raw
        text = str(text).strip()
        if key not in known:
            notices.append(f"Ignored unknown URL parameter \u201c{inert(key, ECHO_LIMIT)}\u201d.")
            continue
        value, problem = _parse(key, text, allowed, studies)
        if problem:
            notices.append(
                f"URL parameter {key}=\u201c{inert(text, ECHO_LIMIT)}\u201d {problem}; using the default "
                f"({_shown(getattr(DEFAULT, key))})."
            )
        else:
            values[key] = value
    return replace(DEFAULT, **values), notices


def _parse(key: str, text: str, allowed: dict[str, tuple[str, ...]], studies: set[str]):
    kind = SPEC[key].kind
    if kind == "studies":
        ids = tuple(sorted({s for s in text.split(",") if s}))
        unknown = [s for s in ids if s not in studies]
        return (None, f"names unknown studies ({inert(', '.join(unknown), ECHO_LIMIT)})") if unknown else (ids, None)
    if kind == "flag":
        if text.lower() in ("1", "true", "yes"):
            return True, None
        if text.lower() in ("0", "false", "no"):
            return False, None
        return None, "is not 0 or 1"
    if kind == "free":  # a key of the evidence: checked against it where known, else by its shape
        if allowed.get(key):
            return (text, None) if text in allowed[key] else (None, "is not a factor in the evidence")
        if key in KEYED:
            return (text, None) if FREE_KEY.fullmatch(text) else (None, "is not a name of the evidence")
        return text, None  # free words (a search): shown only in its own text box, never as Markdown
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
        kind = SPEC[name].kind
        if kind == "studies":
            out[name] = ",".join(value)
        elif kind == "flag":
            out[name] = "1" if value else "0"
        else:
            out[name] = str(value)
    return out


def url_table() -> str:
    """The README's table of URL parameters, from the declarations (a test keeps the README in step)."""
    rows = ["| parameter | values |", "|---|---|"]
    vocabulary = [s.name for s in FILTERS if s.values == s.name and not s.url]
    for s in FILTERS:
        if s.name == "primary_site":
            rows.append("| `primary_site` | `all` or a site slug (`pancreas`, `small_bowel`, …) |")
            rows.append(
                f"| {', '.join(f'`{n}`' for n in vocabulary if n != 'primary_site')} | `any` or a vocabulary value "
                "(`r0`, `r1`, `yes`, `no`, `3to20`, `g3`, …) |"
            )
        elif s.url:
            rows.append(f"| `{s.name}` | {s.url} |")
    return "\n".join(rows)


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ",".join(value) or "none"
    return str(value) or "none"
