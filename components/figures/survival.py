"""Survival curves drawn from reported points: the reported points marked and labelled, the line
between them dashed because it is a model (log-linear between two reported points), and no line
where only one point is reported. 'Median not reached' is a marker (a triangle at 50% at the
follow-up the source states), or a legend entry when no follow-up is stated. Curves of studies
known only from another paper's table (secondary source) are drawn thinner, paler and with hollow
markers. Pooled values carry their CI (thick bar) and prediction interval (thin line)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .palette import AXIS_TEXT, CONTRAST, FONT, MODEL_DASHES, POOLED, STUDY_PALETTE
from .risk_strip import hover_line, strip
from .style import largest, note_left_out, style_for

HOVER = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<br>Source: %{customdata[3]}<extra></extra>"
SECONDARY_HOVER = "secondary source: known only from another paper's table (lower certainty)"
SECONDARY_OPACITY = 0.55  # paler than a primary series, still readable on a projector
SECONDARY_WIDTH = 0.5  # fraction of a primary curve's line width
X_TITLE = "Years from liver surgery (or as the source counts: see 'Time counted from')"
NOT_REACHED_SYMBOL = "triangle-up"  # survival stayed above this: the median lies beyond


def survival_figure(view, colours: dict[str, str], presenter: bool = False, risk: dict | None = None) -> go.Figure:
    """Kaplan–Meier-style figure of a SurvivalView (views.survival). risk: study -> its QUIPS judgements
    (views.risk_of_bias); each curve's legend entry then ends in its traffic light, and its hover lists the domains."""
    look = style_for(presenter)
    fig = go.Figure()
    arm_dash: dict[str, str] = {}
    # With many curves, printed labels and bands overlap into noise: values stay in hover and the readout.
    crowded = len(view.curves) > 4
    right_edge = 0.9 * max(
        (p.time_years for c in (*view.curves, *view.contrast) for p in c.points if p.time_years is not None),
        default=10.0,
    )
    drawn, contrast = largest(view.curves, MAX_DRAWN), largest(view.contrast, MAX_DRAWN)
    for curve in contrast:
        _add_curve(fig, curve, CONTRAST, "dot", presenter, contrast=True, risk=risk)
    curve_colours = distinct_colours([(c.cohort_id, c.study_id) for c in drawn], colours)
    left_out = len(view.curves) - len(drawn) + len(view.contrast) - len(contrast)
    if left_out:
        note_left_out(
            fig,
            f"{left_out} more cohorts not drawn (the {MAX_DRAWN} largest are); all are in the readout and the pool",
            top=False,
        )
    for curve in drawn:
        dash = arm_dash.setdefault(curve.arm_label, MODEL_DASHES[len(arm_dash) % len(MODEL_DASHES)])
        # arms not (all) operated: comparison only, never pooled
        dash = dash if getattr(curve, "poolable", True) else "dot"
        _add_curve(
            fig,
            curve,
            curve_colours[curve.cohort_id],
            dash,
            presenter,
            labels=not crowded,
            band=len(drawn) <= 3,
            right_edge=right_edge,
            risk=risk,
        )
    last_time = max((float(c.times[-1]) for c in (*view.curves, *view.contrast) if len(c.times)), default=10.0)
    if view.pooled:
        _add_pooled(fig, view.pooled, presenter, last_time)
    for refused in getattr(view, "not_pooled", ()):
        fig.add_annotation(
            x=refused.time_years,
            y=1.0,
            yanchor="bottom",
            text="not pooled: the studies disagree",
            showarrow=False,
            font={"color": POOLED, "size": look.note},
            bgcolor="rgba(255,255,255,0.85)",
            name="not_pooled_label",
        )
    size = look.font
    fig.update_layout(
        font={"family": FONT, "size": size},
        xaxis={
            "title": {"text": X_TITLE, "standoff": 4, "font": {"color": AXIS_TEXT}},
            "rangemode": "tozero",
            "gridcolor": "#e5e5e5",
            "tickfont": {"size": size - 1, "color": AXIS_TEXT},
        },
        yaxis={
            "title": {"text": "Survival (%)", "font": {"color": AXIS_TEXT}},
            "range": [0, 1.02],
            "tickformat": ".0%",
            "gridcolor": "#e5e5e5",
            "tickfont": {"size": size - 1, "color": AXIS_TEXT},
        },
        plot_bgcolor="white",
        hovermode="closest",
        meta={"endpoint": view.endpoint},
    )
    separate_labels(fig, LABEL_GAP * (1.3 if presenter else 1.0))
    place_legend_below(fig, presenter)
    return fig


TOP = 30


LABEL_GAP = 0.045  # two value labels at one time closer than this (survival fraction) would print over each other


MAX_DRAWN = 20  # curves (and as many contrast curves) per figure; the shipped evidence draws at most 16


def distinct_colours(curves: list[tuple[str, str]], colours: dict[str, str]) -> dict[str, str]:
    """Cohort id -> colour: its study's colour while no other curve of the figure has taken it, else the first palette
    colour not yet used (two cohorts of one study, or two studies the palette cycles onto one colour)."""
    out, used = {}, set()
    for cohort, study in curves:
        wanted = colours.get(study, "#000000")
        if wanted in used:
            wanted = next((c for c in STUDY_PALETTE if c not in used), wanted)
        out[cohort] = wanted
        used.add(wanted)
    return out


def separate_labels(fig: go.Figure, gap: float) -> None:
    """Value labels at one time that would overprint: in a cluster closer than `gap`, the highest stays above its
    marker, the lowest moves below, and those between move beside it (left, then right)."""
    labelled = [
        (trace, i, x, y)
        for trace in fig.data
        if "text" in (trace.mode or "") and isinstance(trace.textposition, tuple | list)
        for i, (x, y) in enumerate(zip(trace.x, trace.y, strict=True))
        if y is not None
    ]
    labelled.sort(key=lambda item: (round(item[2], 3), -item[3]))
    positions = {id(trace): list(trace.textposition) for trace, *_ in labelled}
    clusters: list[list] = []
    for item in labelled:
        last = clusters[-1][-1] if clusters else None
        if last is not None and round(last[2], 3) == round(item[2], 3) and last[3] - item[3] < gap:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    for cluster in (c for c in clusters if len(c) > 1):
        *between, (trace, i, _, _) = cluster[1:]
        positions[id(trace)][i] = positions[id(trace)][i].replace("top", "bottom")
        for k, (trace, i, _, _) in enumerate(between):
            positions[id(trace)][i] = f"middle {'left' if k % 2 == 0 else 'right'}"
    for trace, *_ in labelled:
        trace.textposition = positions[id(trace)]


def place_legend_below(fig: go.Figure, presenter: bool, height: int | None = None) -> None:
    """One legend row per entry in a band of fixed size under the x axis, and fixed margins.

    Automatic margins draw a figure twice (docs/decisions/0006-fixed-plotly-margins.md); here they are known:
    the y ticks are 0%–100% and every legend entry takes one row.
    With `height`, the figure keeps that height and the plot area gives way to the legend. The legend
    type is 2 px under the figure's font, which must be set first."""
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    look = style_for(presenter)
    band = look.legend_row * entries + (8 if entries else 0)
    bottom = look.axis_band + band
    fig.update_layout(
        height=height or look.plot_area + TOP + bottom,
        margin={"l": look.left_margin, "r": 20, "t": TOP, "b": bottom, "autoexpand": False},
        xaxis={"automargin": False},
        yaxis={"automargin": False},
        legend={
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "font": {"size": fig.layout.font.size - 2},
            "tracegroupgap": 0,
        },
    )


def _add_curve(
    fig: go.Figure,
    curve,
    colour: str,
    dash: str,
    presenter: bool,
    contrast: bool = False,
    labels: bool = True,
    band: bool = True,
    right_edge: float = float("inf"),
    risk: dict | None = None,
) -> None:
    secondary = getattr(curve, "secondary", False)
    look = style_for(presenter)
    width = look.line * (SECONDARY_WIDTH if secondary else 1)
    judged = (risk or {}).get(curve.study_id, ())
    light = f" {strip(judged)}" if risk is not None and judged else ""
    risk_hover = f"<br>{hover_line(judged)}" if risk is not None else ""
    plain_name = ("Whole cohort (for contrast) — " if contrast else "") + curve.name + _origin_suffix(curve)
    name = plain_name + light
    has_line = len(curve.times) > 0
    # A band would lend a secondary-only curve a precision nobody has checked.
    if has_line and curve.band_lower is not None and not contrast and band and not secondary:
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([curve.times, curve.times[::-1]]),
                y=np.concatenate([curve.band_upper, curve.band_lower[::-1]]),
                fill="toself",
                fillcolor=_transparent(colour),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                name=f"{curve.name} — approximate 95% band",
                legendgroup=curve.cohort_id,
                meta={"role": "band", "cohort_id": curve.cohort_id, "method": curve.band_method},
            )
        )
    if has_line:
        fig.add_trace(
            go.Scatter(
                x=curve.times,
                y=curve.survival,
                mode="lines",
                name=name,
                legendgroup=curve.cohort_id,
                line={
                    "color": colour,
                    "dash": "dot" if contrast else dash,
                    "width": width * (0.7 if contrast else 1),
                    "shape": "linear",
                },
                opacity=0.6 if contrast else SECONDARY_OPACITY if secondary else 1.0,
                hovertemplate=f"{curve.name}<br>%{{y:.1%}} at %{{x:.1f}} y<br>derived: log-linear between the reported points around it "
                "(from 100% at time 0 before the first; nothing is read off that segment)"
                + (f"<br>{SECONDARY_HOVER}" if secondary else "")
                + risk_hover
                + "<extra></extra>",
                meta={
                    "role": "contrast" if contrast else "curve",
                    "cohort_id": curve.cohort_id,
                    "study_id": curve.study_id,
                    "derived": True,
                    "secondary": secondary,
                },
            )
        )
    placed = [p for p in curve.points if p.time_years is not None and p.kind != "median_not_reached"]
    not_reached = [p for p in curve.points if p.time_years is not None and p.kind == "median_not_reached"]
    unplaced = [p for p in curve.points if p.time_years is None]
    if placed:
        fig.add_trace(
            go.Scatter(
                x=[p.time_years for p in placed],
                y=[p.survival for p in placed],
                mode="markers+text" if labels and not contrast else "markers",
                # labels near the right edge go to the left of their marker, or the plot area would cut them
                text=[_label(p) for p in placed],
                textposition=["top left" if p.time_years > right_edge else "top right" for p in placed],
                textfont={"color": colour, "size": look.label},
                # hollow markers: not used for the line (source contradicts itself), or the whole curve is secondary
                marker={
                    "color": [
                        "white" if secondary or (not p.used_in_curve and p.kind != "median_not_reached") else colour
                        for p in placed
                    ],
                    "size": look.marker,
                    "symbol": [_symbol(p) for p in placed],
                    "line": {"color": colour, "width": 1.5 if secondary else 2},
                },
                opacity=(0.6 if contrast else SECONDARY_OPACITY) if (secondary or contrast) else 1.0,
                error_y=_error_bars(placed),
                customdata=[
                    [
                        curve.name,
                        p.text + (f" — {p.flag}" if p.flag else ""),
                        SECONDARY_HOVER if secondary else "reported in the source",
                        p.locator,
                    ]
                    for p in placed
                ],
                hovertemplate=HOVER,
                name=name if not has_line else f"{curve.name} — reported points",
                legendgroup=curve.cohort_id,
                showlegend=not has_line and not contrast and not not_reached,
                meta={
                    "role": "reported",
                    "cohort_id": curve.cohort_id,
                    "row_ids": [p.row_id for p in placed],
                    "secondary": secondary,
                    "line": has_line,
                },
            )
        )
    for p in not_reached:
        # survival stayed above 50% through follow-up: a bar from 50% up at the follow-up time, never a point at 50%,
        # which would read as the curve reaching its median there
        fig.add_trace(
            go.Scatter(
                x=[p.time_years, p.time_years],
                y=[0.5, 1.0],
                mode="lines+markers+text" if labels and not contrast else "lines+markers",
                line={"color": colour, "width": look.line * 0.8, "dash": "dot"},
                marker={"symbol": [NOT_REACHED_SYMBOL, "line-ew"], "size": [look.marker + 1, 0], "color": colour},
                text=["median not reached: above 50%", ""],
                textposition="middle right",
                textfont={"color": colour, "size": look.label},
                customdata=[[curve.name, p.text, SECONDARY_HOVER if secondary else "reported in the source", p.locator]]
                * 2,
                hovertemplate=HOVER,
                name=f"{plain_name}: median not reached{light}"
                if not has_line
                else f"{curve.name} — median not reached",
                legendgroup=curve.cohort_id,
                showlegend=not has_line and not contrast,
                meta={"role": "not_reached", "cohort_id": curve.cohort_id, "row_ids": [p.row_id]},
            )
        )
    for p in (
        unplaced
    ):  # a median not reached with no follow-up stated: it has no place on the time axis, but it is a result
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": NOT_REACHED_SYMBOL, "size": look.marker, "color": colour},
                name=f"{curve.name}: {p.text}",
                legendgroup=curve.cohort_id,
                showlegend=not contrast,
                meta={"role": "not_reached_unplaced", "cohort_id": curve.cohort_id, "row_ids": [p.row_id]},
            )
        )


def _origin_suffix(curve) -> str:
    """Said in the legend where the treatment or the time origin changes what the curve means."""
    if not getattr(curve, "poolable", True):
        return " — not (all) operated: comparison only"
    if getattr(curve, "time_origin", "") == "recurrence":
        return " — counted from recurrence"
    if getattr(curve, "post_operative", False) and getattr(curve, "time_origin", "") == "not_stated":
        return " — time origin not stated"
    return ""


def _symbol(point) -> str:
    return {"median": "diamond", "median_not_reached": NOT_REACHED_SYMBOL}.get(point.kind, "circle")


def _label(point) -> str:
    if point.kind == "median_not_reached":
        return "median not reached"
    return "median" if point.kind == "median" else f"{100 * point.survival:.1f}%"


def _error_bars(points) -> dict:
    if not any(p.ci_lower is not None for p in points):
        return {"visible": False}
    return {
        "type": "data",
        "symmetric": False,
        "thickness": 1.5,
        "width": 6,
        "array": [0 if p.ci_upper is None else p.ci_upper - p.survival for p in points],
        "arrayminus": [0 if p.ci_lower is None else p.survival - p.ci_lower for p in points],
    }


def _add_pooled(fig: go.Figure, pooled, presenter: bool, last_time: float) -> None:
    look = style_for(presenter)
    with_secondary = any(getattr(p, "secondary_included", ()) for p in pooled)
    # the prediction interval first, so the CI bar and marker sit on top of it
    with_pi = [p for p in pooled if getattr(p, "pi_lower", None) is not None]
    if with_pi:
        xs, ys = [], []
        for p in with_pi:
            xs += [p.time_years, p.time_years, None]
            ys += [p.pi_lower, p.pi_upper, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": POOLED, "width": look.pi_line},
                name="95% prediction interval of the pooled value (derived, t(k − 2))",
                hoverinfo="skip",
                meta={"role": "prediction_interval"},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[p.time_years for p in pooled],
            y=[p.estimate for p in pooled],
            mode="markers",
            marker={"symbol": "square", "size": look.big_marker, "color": POOLED},
            text=[f"pooled {100 * p.estimate:.1f}%" for p in pooled],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [p.ci_upper - p.estimate for p in pooled],
                "arrayminus": [p.estimate - p.ci_lower for p in pooled],
                "thickness": 2.5,
                "width": 8,
                "color": POOLED,
            },
            customdata=[
                [
                    f"Pooled across {p.k} studies{_patients(p)} (derived: {p.method})",
                    f"{100 * p.estimate:.1f}% (95% CI {100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%; "
                    f"95% prediction interval {getattr(p, 'pi_text', 'not given')}), I² = {p.i2:.0f}%",
                    "studies: " + ", ".join(p.studies) + _secondary_note(p),
                    "random-effects pooling of reported landmarks",
                ]
                for p in pooled
            ],
            hovertemplate=HOVER,
            name="Pooled estimate with 95% CI (derived, random effects"
            + ("; includes secondary-only studies)" if with_secondary else ")"),
            meta={"role": "pooled", "k": [p.k for p in pooled], "includes_secondary": with_secondary},
        )
    )
    # The labels sit on a white ground: printed as trace text they vanish under a dozen curves.
    for p in pooled:
        early = p.time_years < 0.2 * last_time
        fig.add_annotation(
            x=p.time_years,
            y=p.estimate,
            text=f"<b>pooled {100 * p.estimate:.1f}%</b>",
            showarrow=False,
            # left of the marker, unless that would cover the y axis's tick labels
            xanchor="left" if early else "right",
            xshift=10 if early else -10,
            bgcolor="rgba(255,255,255,0.85)",
            borderpad=2,
            font={"color": POOLED, "size": look.label},
            name="pooled_label",
        )


def _patients(point) -> str:
    patients = getattr(point, "patients", None)
    return "" if patients is None else f", {patients} patients"


def _secondary_note(point) -> str:
    included = getattr(point, "secondary_included", ())
    return f"<br>includes secondary-only: {', '.join(included)}" if included else ""


def _transparent(hex_colour: str, alpha: float = 0.15) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
