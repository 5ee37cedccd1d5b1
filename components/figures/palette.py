"""One colour-blind-safe palette (Okabe & Ito 2008), used for studies everywhere."""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
POOLED = "#000000"
PALE = "#F0E442"  # Okabe–Ito yellow: too pale for text on white, so never chosen for a second cohort
CONTRAST = "#8C8C8C"
FONT = "Source Sans Pro, Arial, sans-serif"
# Near-black axis text: Streamlit's chart theme greys it and shrinks ticks to 12 px, the hardest text to read on a projector.
AXIS_TEXT = "#222222"
# Lines between reported points are a model: always dashed (dotted is the grey contrast cohorts).
MODEL_DASHES = ("dash", "longdash", "dashdot", "longdashdot")


# Studies' colours: Okabe–Ito without its pale yellow and the pooled black, then Tol's indigo and wine (also
# colour-blind safe) so that eight studies on one chart take eight colours.
STUDY_PALETTE = (*(c for c in OKABE_ITO if c not in (PALE, POOLED)), "#332288", "#882255")


def study_colours(study_ids) -> dict[str, str]:
    """Stable colour per study: sorted ids take colours in order, so a study keeps its colour on every page."""
    ids = sorted(set(study_ids))
    return {sid: STUDY_PALETTE[i % len(STUDY_PALETTE)] for i, sid in enumerate(ids)}
