"""Forest plot of hazard ratios on a log axis, one row per study estimate, with the pooled
random-effects diamond and its prediction interval."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .palette import CONTRAST, FONT, POOLED


def forest_figure(view, colours: dict[str, str], presenter: bool = False) -> go.Figure:
    rows = list(view.rows)
    n_rows = len(rows) + (2 if view.pooled is not None else 0)
    fig = go.Figure()
    labels, ys = [], []
    for i, row in enumerate(rows):
        y = n_rows - i
        ys.append(y)
        labels.append(_row_label(row))
        if row.estimate is None:
            continue
        colour = colours.get(row.study_id, "#000") if row.pooled else CONTRAST
        has_ci = row.ci_lower is not None
        fig.add_trace(
            go.Scatter(
                x=[row.estimate], y=[y], mode="markers",
                marker={"symbol": "square" if row.pooled else "square-open", "size": 16 if presenter else 12, "color": colour},
                error_x={"type": "data", "symmetric": False, "array": [row.ci_upper - row.estimate], "arrayminus": [row.estimate - row.ci_lower],
                         "thickness": 2.5, "width": 6, "color": colour} if has_ci else {"visible": False},
                name=row.label, showlegend=False,
                customdata=[[row.label, _ci_text(row), row.p_text or "p not stated", _n_text(row), row.provenance,
                             "pooled" if row.pooled else f"not pooled: {row.why_not_pooled}", row.locator]],
                hovertemplate="%{customdata[0]}<br>HR %{customdata[1]}, %{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}<br>%{customdata[5]}<br>Source: %{customdata[6]}<extra></extra>",
                meta={"role": "estimate", "effect_id": row.effect_id, "pooled": row.pooled, "reported": row.provenance.startswith("reported")},
            )
        )
    if view.pooled is not None:
        _add_pool(fig, view.pooled, y=1, presenter=presenter)
        ys.append(1)
        labels.append(f"<b>Pooled ({view.pooled.method}{', HKSJ' if view.pooled.test == 'knha' else ''}), derived</b>")
    size = 18 if presenter else 13
    fig.add_vline(x=1, line={"color": "#444", "width": 1})
    fig.update_layout(
        font={"family": FONT, "size": size},
        xaxis={"type": "log", "title": {"text": "Hazard ratio (log scale); < 1 favours the level, > 1 the reference"}, "gridcolor": "#e5e5e5"},
        yaxis={"tickmode": "array", "tickvals": ys, "ticktext": labels, "range": [0.3, n_rows + 0.7], "automargin": True},
        plot_bgcolor="white", margin={"l": 20, "r": 20, "t": 30, "b": 60},
        height=max(320, 70 * n_rows + 140) * (1.25 if presenter else 1),
        meta={"factor": view.factor, "endpoint": view.endpoint},
    )
    return fig


def _add_pool(fig: go.Figure, result, y: float, presenter: bool) -> None:
    est, lo, hi = (math.exp(v) for v in (result.estimate, result.ci_lower, result.ci_upper))
    fig.add_trace(
        go.Scatter(
            x=[lo, est, hi, est, lo], y=[y, y + 0.3, y, y - 0.3, y], fill="toself", fillcolor=POOLED, line={"color": POOLED},
            mode="lines", name="Pooled estimate (derived)", showlegend=False,
            hovertemplate=f"Pooled HR {est:.2f} (95% CI {lo:.2f}–{hi:.2f}); τ² = {result.tau2:.3f}, I² = {result.i2:.0f}%, k = {result.k}<extra></extra>",
            meta={"role": "pooled", "estimate": est, "ci": [lo, hi]},
        )
    )
    if result.k >= 3 and result.pi_lower is not None and not math.isnan(result.pi_lower):
        pl, pu = math.exp(result.pi_lower), math.exp(result.pi_upper)
        fig.add_trace(
            go.Scatter(x=[pl, pu], y=[y - 0.45, y - 0.45], mode="lines", line={"color": POOLED, "width": 2, "dash": "dot"},
                       name="95% prediction interval", showlegend=False,
                       hovertemplate=f"95% prediction interval {pl:.2f}–{pu:.2f}<extra></extra>", meta={"role": "prediction_interval"})
        )


def _row_label(row) -> str:
    kind = "reported" if row.provenance.startswith("reported") else "derived"
    flag = " ⚑" if row.flags else ""
    return f"{row.study_label}: {row.level} [{row.analysis[:5]}., {kind}]{flag}"


def _ci_text(row) -> str:
    if row.estimate is None:
        return "not stated"
    if row.ci_lower is None:
        return f"{row.estimate:g} (CI not stated)"
    return f"{row.estimate:g} ({row.ci_lower:g}–{row.ci_upper:g})"


def _n_text(row) -> str:
    n = "n not stated" if row.n is None else f"n = {row.n}"
    return n + ("" if row.events is None else f", {row.events} events")
