"""The board's survival figure: the Survival page's figure with the grey contrast cohorts folded
into one legend entry, so the legend names only the cohorts that match the patient."""

from __future__ import annotations

import plotly.graph_objects as go

from .palette import CONTRAST
from .survival import place_legend_below, survival_figure

CONTRAST_LEGEND = "Whole cohorts of every study (grey dotted, for contrast)"  # also printed: no "hover" here


def board_survival_figure(
    view, colours: dict[str, str], presenter: bool = False, height: int | None = None, risk: dict | None = None
) -> go.Figure:
    fig = survival_figure(view, colours, presenter=presenter, risk=risk)
    contrast = [t for t in fig.data if (t.meta or {}).get("role") == "contrast"]
    for trace in contrast:
        trace.showlegend = False
    if contrast:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": CONTRAST, "dash": "dot"},
                name=CONTRAST_LEGEND,
                meta={"role": "contrast_legend"},
            )
        )
    # sized again: survival_figure sized the band before the contrast entries gave way to one shared entry
    place_legend_below(fig, presenter, height=height)
    return fig
