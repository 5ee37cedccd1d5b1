"""Evidence map: which study reports what (survival by endpoint, effects by factor)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .palette import FONT


def evidence_map_figure(ev, labels) -> go.Figure:
    survival = ev.survival.assign(
        column=lambda d: "Survival: " + d["endpoint"].map(lambda e: labels.value("endpoint", e))
    )
    effects = ev.effects.assign(column=lambda d: "Effect: " + d["factor"].map(lambda f: labels.value("factor", f)))
    both = pd.concat([survival[["study_id", "column"]], effects[["study_id", "column"]]])
    table = both.groupby(["study_id", "column"]).size().unstack(fill_value=0)
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
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=120 + 45 * len(table),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": -30},
        plot_bgcolor="white",
    )
    return fig
