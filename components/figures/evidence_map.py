"""Evidence map: which study reports what (survival by endpoint, effects by factor)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .palette import AXIS_TEXT, FONT

LABEL_PX = 6.6  # width of one character of a 12 px label, for the margins the labels need


def evidence_map_figure(ev, labels) -> go.Figure:
    """Studies down the side; what they report across the top in two groups (survival by endpoint, then prognostic
    factors), labels written vertically so that none overlaps its neighbour."""
    survival = ev.survival.assign(column=lambda d: d["endpoint"].map(lambda e: labels.value("endpoint", e)))
    effects = ev.effects.assign(column=lambda d: d["factor"].map(lambda f: labels.value("factor", f)))
    both = pd.concat([survival[["study_id", "column"]], effects[["study_id", "column"]]])
    table = both.groupby(["study_id", "column"]).size().unstack(fill_value=0)
    outcomes = sorted(set(survival["column"]))
    table = table[outcomes + sorted(c for c in table.columns if c not in outcomes)]
    table.index = [labels.study(s) for s in table.index]
    text = table.map(lambda v: "" if v == 0 else str(v))
    fig = go.Figure(
        go.Heatmap(
            z=table.where(table > 0).values,
            x=list(table.columns),
            y=list(table.index),
            text=text.values,
            texttemplate="%{text}",
            colorscale=[[0, "#deebf7"], [1, "#08519c"]],
            showscale=False,
            hoverongaps=False,
            hovertemplate="%{y}<br>%{x}: %{z} reported value(s)<extra></extra>",
        )
    )
    top = int(LABEL_PX * max(len(c) for c in table.columns)) + 36
    left = int(LABEL_PX * max(len(s) for s in table.index)) + 16
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=top + 30 * len(table) + 20,
        margin={"l": left, "r": 10, "t": top, "b": 10, "autoexpand": False},
        xaxis={
            "side": "top",
            "tickangle": -90,
            "automargin": False,
            "tickfont": {"size": 12, "color": AXIS_TEXT},
            # every column named: Plotly would skip every other label of a crowded axis
            "tickmode": "array",
            "tickvals": list(table.columns),
            "ticktext": list(table.columns),
        },
        yaxis={"automargin": False, "autorange": "reversed", "tickfont": {"size": 12, "color": AXIS_TEXT}},
        plot_bgcolor="white",
    )
    # the two groups named above their columns, split by a line
    edge = len(outcomes) - 0.5
    fig.add_vline(x=edge, line={"color": "#595959", "width": 1})
    for x, text in ((-0.5, "Survival"), (edge, "Prognostic factors")):
        fig.add_annotation(
            x=x, y=1, yref="paper", yshift=top - 22, text=f"<b>{text}</b>", showarrow=False, xanchor="left"
        )
    return fig
