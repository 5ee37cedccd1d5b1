"""Declared columns of every evidence table: type, unit, description, required.

The declarations here are the single source of truth. They drive the CSV parser
(`evidence.parse`), the pandera schemas that check types and ranges
(`evidence.validate`), the column help on the Evidence page and the schema
section of the README. Missing is missing: an empty cell is `None`/NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Cell kinds understood by the parser.
STR, INT, FLOAT, BOOL, ENUM, REF, REFS = "str", "int", "float", "bool", "enum", "ref", "refs"

P_OPERATORS = ("=", "<", "<=", ">", "~")
TIME_UNITS = ("days", "months", "years")
TIME_ORIGINS = ("liver_surgery", "recurrence", "diagnosis", "not_stated")
DIRECTIONS = ("worse", "better", "no_difference", "significant", "not_stated")
SOURCE_COL_DESC = (
    "The document the value was read from: a file name in evidence/sources/ "
    "(the shipped copy of the seed document) or the address the abstract was read at."
)
LOCATOR_DESC = "Where in the source: abstract section, table, figure legend, results paragraph, sentence."
QUOTE_DESC = "The source's own words that state the value(s) of this row, copied verbatim."


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    unit: str = ""
    choices: tuple[str, ...] = ()
    vocabulary: str = ""  # dimension name in vocabulary.csv whose values are allowed
    ref: str = ""  # table a REF/REFS column points to ("*" = any table's id)
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    allows_markup: bool = False  # free text may hold Markdown, HTML or a leading '=' (evidence.markup)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    one_row_is: str = ""
    extra_checks: tuple[str, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _id(desc: str) -> Column:
    return Column("id", STR, desc, required=True)


def _provenance(quote_required: bool = True) -> tuple[Column, ...]:
    return (
        Column("source", STR, SOURCE_COL_DESC, required=True),
        Column("locator", STR, LOCATOR_DESC, required=True),
        Column("quote", STR, QUOTE_DESC, required=quote_required),
    )


def _p_columns() -> tuple[Column, ...]:
    return (
        Column("p_value", FLOAT, "P-value as printed.", minimum=0, maximum=1),
        Column(
            "p_operator",
            ENUM,
            "How the p-value is stated: '=' exact, '<' an upper bound (p < 0.001), '~' approximately.",
            choices=P_OPERATORS,
        ),
    )


COHORT_DIMENSIONS = (
    "primary_site",
    "extrahepatic",
    "margin",
    "primary_resected",
    "ki67",
    "cytoreduction",
    "extent",
    "grade",
    "recurrence_site",
    "recurrence_treatment",
    "recurrence_timing",
    "functional",
    "treatment",
    "matched",
)

_DIMENSION_DESC = {
    "primary_site": "Primary tumour site the cohort is restricted to ('all' = not restricted).",
    "extrahepatic": "Extrahepatic disease at liver surgery: 'yes', 'no', or 'any' (not restricted).",
    "margin": "Resection margin: 'r0', 'r1', 'r1_r2', or 'any'.",
    "primary_resected": "Primary tumour resected: 'yes', 'no', or 'any'.",
    "ki67": "Ki-67 index band: 'lt3' (<3%), '3to20', 'gt20', or 'any'.",
    "cytoreduction": "Extent of cytoreduction: 'complete', 'gross_residual', 'gt70'/'lt70' (debulking threshold), or 'any'.",
    "extent": "Extent of liver resection as the source names it: 'anatomic', 'non_anatomic', or 'any' (not restricted).",
    "grade": (
        "Tumour grade the cohort's patients have, as the source states it: 'g1', 'g2', 'g3', 'g1_g2', "
        "'well_differentiated' (the source's words, no WHO grade given), or 'any' (not restricted or not stated)."
    ),
    "recurrence_site": "Site of first recurrence after liver surgery ('none' = no recurrence, 'any').",
    "recurrence_treatment": "Treatment of recurrence ('any' = not restricted).",
    "recurrence_timing": "Timing of recurrence: 'early', 'late', or 'any' (cut-offs as the source defines).",
    "functional": "Hormonally functional tumour: 'yes', 'no', or 'any'.",
    "treatment": (
        "What the cohort received: 'liver_surgery' (any operation for NELM), 'resection', 'no_surgery', 'mixed' "
        "(some patients operated on the liver, some not). 'any' is a filter value, never a cohort's code."
    ),
    "matched": "Propensity-score matched sample: 'yes' or 'no'.",
}

STUDIES = Table(
    "studies",
    "One publication: citation, metadata as the document states it, and the document itself.",
    (
        _id("Short stable key, e.g. 'xiang2018'."),
        Column(
            "short_label",
            STR,
            "Label the app shows, e.g. 'Xiang 2018'; a description when authors are not stated; '†' marks an unconfirmed attribution.",
            required=True,
        ),
        Column("citation", STR, "Citation assembled only from what the document states.", required=True),
        Column("title", STR, "Title as stated (empty if the document does not give it)."),
        Column("authors", STR, "Authors exactly as the document lists them; empty if not stated."),
        Column(
            "authors_status",
            ENUM,
            "'stated' (full list), 'partial' (e.g. 'et al.'), 'not_stated', or 'unconfirmed' (inferred, not in the text).",
            required=True,
            choices=("stated", "partial", "not_stated", "unconfirmed"),
        ),
        Column(
            "citation_status",
            ENUM,
            "'stated' (every part of the citation is in the document) or 'partly_unconfirmed' (some parts identified by matching; notes say which).",
            required=True,
            choices=("stated", "partly_unconfirmed"),
        ),
        Column("first_author", STR, "First author's surname as stated; empty if not stated."),
        Column("year", INT, "Publication year as stated.", unit="year", minimum=1900, maximum=2100),
        Column("journal", STR, "Journal as stated."),
        Column("volume", STR, "Volume as stated."),
        Column("issue", STR, "Issue as stated."),
        Column("pages", STR, "Pages or article number as stated."),
        Column("doi", STR, "DOI as stated."),
        Column("pmid", STR, "PubMed id as stated (or read from the address)."),
        Column("institutions", STR, "Institution(s) as stated; empty if not stated."),
        Column("country", STR, "Country as stated."),
        Column(
            "centres",
            ENUM,
            "Single- or multi-institution, or a population registry.",
            required=True,
            choices=("single", "multi", "registry", "not_stated"),
        ),
        Column(
            "design",
            STR,
            "Design as stated (retrospective, prospective database, propensity matching…).",
            required=True,
        ),
        Column("period_start", INT, "First year of accrual as stated.", unit="year", minimum=1900, maximum=2100),
        Column("period_end", INT, "Last year of accrual as stated.", unit="year", minimum=1900, maximum=2100),
        Column("n", INT, "Number of patients in the study as stated.", unit="patients", minimum=1),
        Column("population", STR, "Who was studied, as stated.", required=True),
        Column("intervention", STR, "What was done, as stated.", required=True),
        Column(
            "evidence_level",
            ENUM,
            "'full_text' (the article text), 'abstract' (abstract only), 'secondary_only' (numbers known only from another paper's table).",
            required=True,
            choices=("full_text", "abstract", "secondary_only"),
        ),
        Column("source_url", STR, "Address the document was read at, where known."),
        *_provenance(quote_required=False),
        Column("notes", STR, "Curator's notes (what is not stated, what is inferred)."),
        Column(
            "overlap_group",
            STR,
            "Database or institution whose patients this study shares with other studies in the table (a slug such as "
            "'intl_nelm_db'); 'none' when no overlap is known. Two studies of one group are never pooled together and "
            "their patients are counted once.",
            required=True,
        ),
        Column(
            "overlap_status",
            ENUM,
            "How the overlap decision rests: 'stated' (the source says which database or institution), 'inferred' (by the "
            "curator from authors, centres and period; overlap_note says on what), 'none' (no shared database known).",
            required=True,
            choices=("stated", "inferred", "none"),
        ),
        Column(
            "overlap_quote",
            STR,
            "The source's own words naming the database or institution, verbatim (empty if it names none).",
        ),
        Column("overlap_note", STR, "What the overlap decision rests on, in a sentence."),
    ),
    one_row_is="one publication",
)

COHORTS = Table(
    "cohorts",
    "One group of patients in a study and the subgroup it represents, as dimension=value pairs.",
    (
        _id("Key, e.g. 'xiang2018-ehd-yes'."),
        Column("study_id", REF, "Study the cohort belongs to.", required=True, ref="studies"),
        Column("label", STR, "Human label, e.g. 'Extrahepatic disease'.", required=True),
        Column("parent_id", REF, "The cohort this one is a subgroup of.", ref="cohorts"),
        Column("n", INT, "Number of patients as stated; empty if not stated.", unit="patients", minimum=0),
        *(Column(d, ENUM, _DIMENSION_DESC[d], required=True, vocabulary=d) for d in COHORT_DIMENSIONS),
        *_provenance(quote_required=False),
        Column(
            "grade_quote",
            STR,
            "The source's own words stating the cohort's grade or differentiation, verbatim (required unless grade is 'any').",
        ),
    ),
    one_row_is="one group of patients",
)

SURVIVAL = Table(
    "survival",
    "One reported point of a survival curve: a landmark (S at time t) or a median.",
    (
        _id("Key, e.g. 'xiang2018-os-10y-ehd-yes'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column("cohort_id", REF, "Cohort the curve belongs to.", required=True, ref="cohorts"),
        Column("endpoint", ENUM, "Endpoint (OS, DFS, RFS, PFS, SFS, DSS…).", required=True, vocabulary="endpoint"),
        Column(
            "kind",
            ENUM,
            "'landmark' (survival at a time), 'median' (time at which S = 0.5), 'median_not_reached'.",
            required=True,
            choices=("landmark", "median", "median_not_reached"),
        ),
        Column("time_value", FLOAT, "Time as the source states it (landmark time or median).", minimum=0),
        Column("time_unit", ENUM, "Unit the source uses for time_value.", choices=TIME_UNITS),
        Column(
            "time_years", FLOAT, "time_value normalised to years (months / 12, days / 365.25).", unit="years", minimum=0
        ),
        Column(
            "survival",
            FLOAT,
            "Survival probability as a fraction (66.8% → 0.668); landmarks only.",
            unit="fraction",
            minimum=0,
            maximum=1,
        ),
        Column(
            "ci_lower",
            FLOAT,
            "Lower confidence limit of survival, as a fraction.",
            unit="fraction",
            minimum=0,
            maximum=1,
        ),
        Column(
            "ci_upper",
            FLOAT,
            "Upper confidence limit of survival, as a fraction.",
            unit="fraction",
            minimum=0,
            maximum=1,
        ),
        Column("time_ci_lower", FLOAT, "Lower limit of the median's CI or range, in time_unit.", minimum=0),
        Column("time_ci_upper", FLOAT, "Upper limit of the median's CI or range, in time_unit.", minimum=0),
        Column("method", STR, "Estimator as stated (Kaplan–Meier, actuarial), empty if not stated."),
        Column("comparison_id", REF, "Comparison (p-value) this point belongs to.", ref="comparisons"),
        *_provenance(),
        Column(
            "time_origin",
            ENUM,
            "The event the time is counted from, as the source states it: 'liver_surgery', 'recurrence', 'diagnosis', or "
            "'not_stated' (the source does not say; a surgical series usually counts from the operation, but that is not stated).",
            required=True,
            choices=TIME_ORIGINS,
        ),
        Column(
            "time_origin_quote",
            STR,
            "The source's own words that fix the time origin, verbatim (required unless 'not_stated'): a statement of the origin, or of the curative operation a disease-free or recurrence-free survival starts from.",
        ),
    ),
    one_row_is="one reported point of a survival curve",
)

COMPARISONS = Table(
    "comparisons",
    "One reported test between survival curves (or groups): which cohorts, which endpoint, the p-value.",
    (
        _id("Key, e.g. 'xiang2018-cmp-ehd-unmatched'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column("endpoint", ENUM, "Endpoint compared.", required=True, vocabulary="endpoint"),
        Column("description", STR, "What is compared, in words.", required=True),
        Column("cohort_ids", REFS, "Cohorts compared, separated by ';'.", ref="cohorts"),
        Column("test", STR, "Test as stated (log-rank…); empty if not stated."),
        *_p_columns(),
        *_provenance(),
        Column(
            "direction",
            ENUM,
            "How the first cohort listed fares against the others (a single cohort: against the rest of its study), as the source "
            "states it or its reported values show: 'first_better', 'first_worse', 'no_difference', 'significant' (significant, "
            "direction not stated), 'not_stated'.",
            required=True,
            choices=("first_better", "first_worse", "no_difference", "significant", "not_stated"),
        ),
    ),
    one_row_is="one reported survival comparison",
)

EFFECTS = Table(
    "effects",
    "One reported effect estimate (hazard ratio or odds ratio) for a prognostic factor.",
    (
        _id("Key, e.g. 'xiang2018-hr-ehd-mv'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column("cohort_id", REF, "Population the model was fitted in.", required=True, ref="cohorts"),
        Column("endpoint", ENUM, "Endpoint of the model.", required=True, vocabulary="endpoint"),
        Column("factor", ENUM, "Prognostic factor (slug).", required=True, vocabulary="factor"),
        Column("level", STR, "Level of the factor the estimate is for, e.g. 'Lung/thymus'.", required=True),
        Column(
            "reference", STR, "Reference level as stated; 'not stated' when the source does not say.", required=True
        ),
        Column(
            "comparison_key",
            STR,
            "Slug that makes estimates comparable across studies, e.g. 'extrahepatic:yes_vs_no'.",
            required=True,
        ),
        Column("per_unit", STR, "For continuous factors: the unit of one step (per year, per day)."),
        Column("measure", ENUM, "Measure the app treats the estimate as.", required=True, choices=("HR", "OR")),
        Column("measure_as_stated", STR, "The measure's name exactly as the source prints it.", required=True),
        Column(
            "estimate", FLOAT, "Point estimate on the ratio scale.", unit="ratio", minimum=0, exclusive_minimum=True
        ),
        Column("ci_lower", FLOAT, "Lower confidence limit.", unit="ratio", minimum=0, exclusive_minimum=True),
        Column("ci_upper", FLOAT, "Upper confidence limit.", unit="ratio", minimum=0, exclusive_minimum=True),
        Column(
            "ci_level", FLOAT, "Confidence level of the interval (0.95).", unit="fraction", minimum=0.5, maximum=0.999
        ),
        *_p_columns(),
        Column(
            "analysis",
            ENUM,
            "'univariable' or 'multivariable'.",
            required=True,
            choices=("univariable", "multivariable"),
        ),
        Column("events", INT, "Number of events in the model, where stated.", unit="events", minimum=0),
        *_provenance(),
        Column(
            "direction",
            ENUM,
            "How the level fares against the reference for this endpoint, as the source states it or its numbers show: 'worse', "
            "'better', 'no_difference' (no significant association: CI includes 1, p ≥ 0.05, or the words), 'significant' "
            "(significant, direction not stated), 'not_stated'.",
            required=True,
            choices=DIRECTIONS,
        ),
    ),
    one_row_is="one reported effect estimate",
)

COUNTS = Table(
    "counts",
    "One reported count or proportion: primary sites, margins, recurrences, complications, mortality…",
    (
        _id("Key, e.g. 'mda2010-site-pancreas'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column("cohort_id", REF, "Cohort the count is within.", required=True, ref="cohorts"),
        Column("measure", ENUM, "What is counted (slug).", required=True, vocabulary="measure"),
        Column("category", STR, "Category of the measure, e.g. 'Pancreas'.", required=True),
        Column("numerator", INT, "Count as stated.", unit="patients", minimum=0),
        Column(
            "denominator",
            INT,
            "Denominator as stated or as implied by the cohort; empty if unknown.",
            unit="patients",
            minimum=1,
        ),
        Column("percent", FLOAT, "Percentage as stated (0–100).", unit="percent", minimum=0, maximum=100),
        *_provenance(),
    ),
    one_row_is="one reported count or proportion",
)

QUANTITIES = Table(
    "quantities",
    "One reported continuous summary: median age, follow-up, length of stay, number of lesions…",
    (
        _id("Key, e.g. 'mda2010-age-median'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column("cohort_id", REF, "Cohort.", required=True, ref="cohorts"),
        Column("measure", ENUM, "What is summarised (slug).", required=True, vocabulary="measure"),
        Column(
            "statistic",
            ENUM,
            "Summary statistic.",
            required=True,
            choices=("median", "mean", "value", "min", "max", "c_index"),
        ),
        Column("value", FLOAT, "The value as stated."),
        Column("lower", FLOAT, "Lower end of the stated range / interval."),
        Column("upper", FLOAT, "Upper end of the stated range / interval."),
        Column("interval", ENUM, "What lower/upper are.", choices=("range", "ci95", "iqr")),
        Column("unit", STR, "Unit as stated (years, months, days, cm, lesions…).", required=True),
        *_provenance(),
    ),
    one_row_is="one reported continuous summary",
)

DISCREPANCIES = Table(
    "discrepancies",
    "One place where a source disagrees with itself (or with another source about it).",
    (
        _id("Key, e.g. 'd-mda2010-median-vs-10y'."),
        Column("study_id", REF, "Study.", required=True, ref="studies"),
        Column(
            "kind",
            ENUM,
            "What sort of disagreement.",
            required=True,
            choices=(
                "abstract_vs_text",
                "text_vs_table",
                "text_vs_text",
                "counts_do_not_add_up",
                "percent_vs_count",
                "impossible_landmarks",
                "label_mismatch",
                "p_vs_ci",
                "secondary_vs_primary",
                "conclusion_vs_results",
            ),
        ),
        Column("summary", STR, "One sentence a surgeon can read.", required=True),
        Column("statement_a", STR, "First statement, verbatim.", required=True),
        Column("locator_a", STR, "Where statement A is.", required=True),
        Column("statement_b", STR, "Second statement, verbatim (or the arithmetic that contradicts A).", required=True),
        Column("locator_b", STR, "Where statement B is.", required=True),
        Column("affected_rows", REFS, "Ids of evidence rows the disagreement touches, separated by ';'.", ref="*"),
        Column("app_treatment", STR, "What the app shows and uses, and why.", required=True),
        Column(
            "severity",
            ENUM,
            "'major' changes a number a surgeon would read; 'minor' does not.",
            required=True,
            choices=("major", "minor"),
        ),
        Column("source", STR, SOURCE_COL_DESC, required=True),
    ),
    one_row_is="one self-contradiction of a source",
)

REVIEWS = Table(
    "reviews",
    "One result of a systematic review or meta-analysis: kept apart from the primary studies and never pooled again with them.",
    (
        _id("Key, e.g. 'kacmaz2019-os5-surgery-vs-chemo'."),
        Column(
            "review", STR, "Short name of the review, e.g. 'Kaçmaz 2019'; rows of one review share it.", required=True
        ),
        Column("citation", STR, "Citation assembled only from what the source states.", required=True),
        Column(
            "citation_status",
            ENUM,
            "'stated' or 'partly_unconfirmed' (attribution inferred).",
            required=True,
            choices=("stated", "partly_unconfirmed"),
        ),
        Column(
            "kind",
            ENUM,
            "What sort of review.",
            required=True,
            choices=("meta_analysis", "systematic_review", "narrative_review", "consensus_review"),
        ),
        Column("search_period", STR, "Literature covered, as stated."),
        Column(
            "search_end_year",
            INT,
            "Last year the search covered, as stated (used to show which primary studies it could include).",
            unit="year",
            minimum=1900,
            maximum=2100,
        ),
        Column("n_studies", INT, "Studies included, as stated.", unit="studies", minimum=0),
        Column("n_patients", INT, "Patients included, as stated.", unit="patients", minimum=0),
        Column("size_quote", STR, "The source's own words stating n_studies / n_patients, verbatim."),
        Column("comparison", STR, "What the result compares or summarises, in the source's terms.", required=True),
        Column("endpoint", ENUM, "Endpoint of the result.", required=True, vocabulary="endpoint"),
        Column(
            "measure",
            ENUM,
            "'HR'/'OR' pooled ratio; 'median_of_studies' (median of study values, with range); 'range_of_studies'; 'proportion'; 'count_only'.",
            required=True,
            choices=(
                "HR",
                "OR",
                "median_of_studies",
                "range_of_studies",
                "proportion",
                "count_only",
                "as_printed_unusable",
            ),
        ),
        Column("value", FLOAT, "Point value as printed (ratio, or percent for survival summaries)."),
        Column("lower", FLOAT, "Lower CI limit or lower end of the range, as printed."),
        Column("upper", FLOAT, "Upper CI limit or upper end of the range, as printed."),
        Column("interval", ENUM, "What lower/upper are.", choices=("ci95", "range")),
        Column("unit", STR, "Unit of value/lower/upper (ratio, percent, months).", required=True),
        *_p_columns(),
        Column(
            "includes_studies",
            REFS,
            "Primary studies in our table that this review includes (overlap), separated by ';'.",
            ref="studies",
        ),
        Column("overlap_note", STR, "What is known about overlap with our primary studies."),
        Column("source_url", STR, "Address the abstract was read at.", required=True),
        *_provenance(),
        Column("notes", STR, "Caveats (e.g. a value printed in a form that cannot be used)."),
    ),
    one_row_is="one result of a systematic review or meta-analysis",
)

QUIPS_DOMAINS = (
    "study_participation",
    "study_attrition",
    "prognostic_factor_measurement",
    "outcome_measurement",
    "study_confounding",
    "statistical_analysis_reporting",
)
RISK_LEVELS = ("low", "moderate", "high")
NOT_REPORTED_JUDGEMENT = "moderate"  # QUIPS domain the source says nothing about: the rule shown on Methods & limits

RISK_OF_BIAS = Table(
    "risk_of_bias",
    "Risk of bias of each study, by QUIPS domain (Hayden 2013, the tool for prognostic studies): one judgement per "
    "study and domain, with the source's words that support it, or 'not reported' and the rule that then applies.",
    (
        _id("Key: study id and domain, e.g. 'elias2003-study_confounding'."),
        Column("study_id", REF, "Study assessed.", required=True, ref="studies"),
        Column("domain", ENUM, "QUIPS domain.", required=True, choices=QUIPS_DOMAINS),
        Column("judgement", ENUM, "Risk of bias in this domain.", required=True, choices=RISK_LEVELS),
        Column(
            "basis",
            ENUM,
            f"'stated': the quote supports the judgement; 'not_reported': the source says nothing on the domain, so the "
            f"rule applies (judgement '{NOT_REPORTED_JUDGEMENT}', no quote).",
            required=True,
            choices=("stated", "not_reported"),
        ),
        Column("source", STR, SOURCE_COL_DESC, required=True),
        Column("locator", STR, LOCATOR_DESC + " Required when the basis is 'stated'."),
        Column("quote", STR, "The source's own words that support the judgement, verbatim (required when 'stated')."),
        Column("rationale", STR, "Why this judgement, in one plain sentence.", required=True),
    ),
    one_row_is="one QUIPS domain of one study",
)

CERTAINTY_DOMAINS = ("risk_of_bias", "inconsistency", "imprecision", "indirectness", "publication_bias")
CONCERN_LEVELS = ("not_serious", "serious", "very_serious")

CERTAINTY_OVERRIDES = Table(
    "certainty_overrides",
    "A curator's rating of one GRADE domain for one outcome, replacing the app's rule; the app shows both.",
    (
        _id("Key, e.g. 'os10-imprecision'."),
        Column(
            "outcome",
            STR,
            "Outcome the rating is for: 'OS@5' / 'OS@10' (survival at 5 or 10 years), or 'factor:<comparison key>'.",
            required=True,
        ),
        Column("domain", ENUM, "GRADE domain overridden.", required=True, choices=CERTAINTY_DOMAINS),
        Column("rating", ENUM, "The curator's rating.", required=True, choices=CONCERN_LEVELS),
        Column("rationale", STR, "Why the rule's proposal does not fit, in one or two sentences.", required=True),
        Column("curator", STR, "Who decided.", required=True),
        Column("decided_on", STR, "Date of the decision (YYYY-MM-DD).", required=True),
    ),
    one_row_is="one curator's override of one GRADE domain for one outcome",
)

VOCABULARY = Table(
    "vocabulary",
    "Allowed values of every coded column (cohort dimensions, endpoints, factors, measures), with labels.",
    (
        Column("dimension", STR, "Coded column the value belongs to.", required=True),
        Column("value", STR, "Slug stored in the data.", required=True),
        Column("label", STR, "Human label shown in the app.", required=True),
        Column(
            "broader",
            STR,
            "A value of the same dimension that contains this one (resection ⊂ liver_surgery); empty if none.",
        ),
        Column("description", STR, "What the value means."),
    ),
    one_row_is="one allowed value of a coded column",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        VOCABULARY,
        STUDIES,
        COHORTS,
        COMPARISONS,
        SURVIVAL,
        EFFECTS,
        COUNTS,
        QUANTITIES,
        DISCREPANCIES,
        REVIEWS,
        RISK_OF_BIAS,
        CERTAINTY_OVERRIDES,
    )
}

ID_TABLES = tuple(name for name, t in TABLES.items() if "id" in t.column_names)
