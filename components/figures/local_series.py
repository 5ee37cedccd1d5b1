"""A unit's own series drawn into a survival figure (its Kaplan–Meier step line, the only solid step line on the
chart, its 95% CI band and a numbers-at-risk row under the axis; or the summary values it entered) and the funnel
plot of 5-year survival against series size."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .palette import AXIS_TEXT, CONTRAST, FONT, POOLED
from .style import style_for
from .survival import place_legend_below

UNIT_COLOUR = "#AA3377"  # Tol's purple: no study curve is a solid step line, so colour and shape both set it apart
UNIT_BAND = "rgba(170, 51, 119, 0.14)"
AT_RISK_ROW = 20  # px: the numbers-at-risk row between the axis title and the legend
UNIT_HOVER = "%{customdata}<extra></extra>"


def with_unit(fig: go.Figure, view, presenter: bool = False, height: int | None = None) -> go.Figure:
    """A copy of `fig` (a cached figure is shared) with the unit's curve or entered values added; `height` keeps a
    figure of fixed height (the board's) at it, plus the numbers-at-risk row."""
    out = go.Figure(fig)
    look = style_for(presenter)
    if view.curve is not None:
        curve = view.curve
        out.add_trace(
            go.Scatter(
                x=curve.times,
                y=curve.upper,
                mode="lines",
                line={"width": 0, "shape": "hv"},
                hoverinfo="skip",
                showlegend=False,
                meta={"role": "unit_band_upper"},
            )
        )
        out.add_trace(
            go.Scatter(
                x=curve.times,
                y=curve.lower,
                mode="lines",
                line={"width": 0, "shape": "hv"},
                fill="tonexty",
                fillcolor=UNIT_BAND,
                hoverinfo="skip",
                name="95% CI of our unit's Kaplan–Meier (log-log)",
                meta={"role": "unit_band"},
            )
        )
        out.add_trace(
            go.Scatter(
                x=curve.times,
                y=curve.survival,
                mode="lines",
                line={"color": UNIT_COLOUR, "width": look.line * 1.4, "shape": "hv"},
                customdata=np.column_stack([curve.lower, curve.upper]),
                hovertemplate=f"{view.legend}<br>%{{y:.1%}} (95% CI %{{customdata[0]:.1%}}–%{{customdata[1]:.1%}}) at "
                "%{x:.2f} y<br>derived: Kaplan–Meier of your patients<extra></extra>",
                name=f"{view.legend}: Kaplan–Meier, 5 years {five_years(view)}",
                meta={"role": "unit", "n": view.n},
            )
        )
        _at_risk_row(out, curve, look)
    else:
        entered = [v for v in view.values if v.value is not None]
        out.add_trace(
            go.Scatter(
                x=[v.years for v in entered],
                y=[v.value for v in entered],
                mode="markers+lines",
                line={"color": UNIT_COLOUR, "width": look.line, "dash": "dot"},
                marker={"symbol": "diamond", "size": look.big_marker, "color": UNIT_COLOUR},
                customdata=[f"{view.legend}<br>{v.text} at {v.years} y, entered on the page" for v in entered],
                hovertemplate=UNIT_HOVER,
                name=f"{view.legend}: values entered",
                meta={"role": "unit", "n": view.n},
            )
        )
    place_legend_below(out, presenter, height)
    if view.curve is not None:
        out.update_layout(height=out.layout.height + AT_RISK_ROW, margin={"b": out.layout.margin.b + AT_RISK_ROW})
    return out


def five_years(view) -> str:
    """The unit's 5-year value for its legend entry (with its CI), so that a printed figure carries the number."""
    return next((v.text for v in view.values if v.years == 5), "not given")


def _at_risk_row(fig: go.Figure, curve, look) -> None:
    """Numbers at risk printed under the x axis title at its ticks (a row of the figure, so downloads carry it)."""
    fig.update_xaxes(tickmode="array", tickvals=list(curve.at_risk_times))
    shift = -(look.axis_band + 2)
    fig.add_annotation(
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="right",
        yanchor="top",
        yshift=shift,
        xshift=-22,
        text="At risk",
        showarrow=False,
        font={"size": look.font - 2, "color": UNIT_COLOUR},  # as the legend: on paper the smallest text sets the width
        name="at_risk_label",
    )
    for t, n in zip(curve.at_risk_times, curve.at_risk, strict=True):
        fig.add_annotation(
            x=t,
            y=0,
            yref="paper",
            yanchor="top",
            yshift=shift,
            text=f"{n:,}",
            showarrow=False,
            font={
                "size": look.font - 2,
                "color": UNIT_COLOUR,
            },  # as the legend: on paper the smallest text sets the width
            name="at_risk",
        )


def funnel_figure(funnel, presenter: bool = False) -> go.Figure:
    """5-year survival against patients: the pooled target, 95% and 99.8% limits, published series and the unit."""
    look = style_for(presenter)
    fig = go.Figure()
    shown = [p.survival for p in funnel.points] + ([funnel.unit.survival] if funnel.unit else [])
    for level, lower, upper in funnel.limits:
        dash = "dash" if level < 0.99 else "solid"
        words = f"{100 * level:g}% control limits (derived: Spiegelhalter 2005)"
        for limit, show in ((upper, True), (lower, False)):
            fig.add_trace(
                go.Scatter(
                    x=funnel.sizes,
                    y=limit,
                    mode="lines",
                    line={"color": CONTRAST, "width": 1.5, "dash": dash},
                    name=words,
                    legendgroup=words,
                    showlegend=show,
                    hoverinfo="skip",
                    meta={"role": "limit", "level": level},
                )
            )
    fig.add_trace(
        go.Scatter(
            x=[funnel.sizes[0], funnel.sizes[-1]],
            y=[funnel.target, funnel.target],
            mode="lines",
            line={"color": POOLED, "width": 2},
            name=f"Target: {funnel.target_text}",
            hoverinfo="skip",
            meta={"role": "target"},
        )
    )
    for kind, symbol, words in (
        ("reported", "circle", "Published series, 5-year survival reported (paler: secondary source)"),
        ("derived", "circle-open", "Published series, 5-year survival derived from its curve"),
    ):
        points = [p for p in funnel.points if p.kind == kind]
        if points:
            fig.add_trace(
                go.Scatter(
                    x=[p.n for p in points],
                    y=[p.survival for p in points],
                    mode="markers",
                    marker={
                        "symbol": symbol,
                        "size": look.marker,
                        "color": "#0072B2",
                        "line": {"width": 2},
                        "opacity": [0.45 if p.secondary else 1.0 for p in points],
                    },
                    customdata=[f"{p.label}<br>{100 * p.survival:.1f}% at 5 y, n = {p.n}<br>{p.how}" for p in points],
                    hovertemplate=UNIT_HOVER,
                    name=words,
                    meta={"role": kind},
                )
            )
    if funnel.unit is not None:
        u = funnel.unit
        fig.add_trace(
            go.Scatter(
                x=[u.n],
                y=[u.survival],
                mode="markers+text",
                marker={"symbol": "diamond", "size": look.big_marker + 4, "color": UNIT_COLOUR},
                text=[f"<b>Our unit {100 * u.survival:.1f}%</b>"],
                textposition="middle right",
                textfont={"color": UNIT_COLOUR, "size": look.label},
                customdata=[
                    f"{u.label}<br>{100 * u.survival:.1f}% at 5 y, n = {u.n}<br>{u.how}<br>{funnel.unit_position.zone}"
                ],
                hovertemplate=UNIT_HOVER,
                name=u.label,
                meta={"role": "unit"},
            )
        )
    fig.update_layout(
        font={"family": FONT, "size": look.font},
        xaxis={
            "title": {"text": "Patients in the series", "font": {"color": AXIS_TEXT}},
            "type": "log",
            "tickvals": [
                v
                for v in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)
                if v <= funnel.sizes[-1]
            ],
            "gridcolor": "#e5e5e5",
            "tickfont": {"color": AXIS_TEXT},
        },
        yaxis={
            "title": {"text": "Survival at 5 years (%)", "font": {"color": AXIS_TEXT}},
            "tickformat": ".0%",
            "range": [
                max(0.0, min([funnel.target - 0.3, *shown]) - 0.05),
                min(1.02, max([funnel.target + 0.2, *shown]) + 0.05),
            ],
            "gridcolor": "#e5e5e5",
            "tickfont": {"color": AXIS_TEXT},
        },
        plot_bgcolor="white",
        hovermode="closest",
    )
    place_legend_below(fig, presenter)
    return fig
