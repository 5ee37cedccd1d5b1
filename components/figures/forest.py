"""Forest plot of hazard ratios on a log axis, one row per study estimate, with the pooled
random-effects diamond and its prediction interval, and below them, as a separate block, the
published meta-analyses for the same factor (hollow grey diamonds: shown, never re-pooled)."""

from __future__ import annotations

import math
import re

import plotly.graph_objects as go

from .palette import AXIS_TEXT, CONTRAST, FONT, POOLED
from .risk_strip import hover_line, strip
from .style import largest, note_left_out, style_for

REVIEW_COLOUR = "#6E6E6E"  # darker than CONTRAST: a review's own result, read beside the pool
REVIEW_BLOCK = "<i>Published meta-analyses (not re-pooled)</i>"


MAX_ROWS = 40  # estimates drawn; the shipped evidence has at most 7 per factor, a 100x table hundreds


def forest_figure(view, colours: dict[str, str], presenter: bool = False, risk: dict | None = None) -> go.Figure:
    """risk: study -> its QUIPS judgements (views.risk_of_bias); each row then ends in its traffic light, and the
    hover lists the domains. Beyond MAX_ROWS estimates the largest are drawn and the rest counted (the pool keeps all)."""
    rows = largest(view.rows, MAX_ROWS, first=lambda row: row.pooled)
    reviews = [r for r in getattr(view, "reviews", ()) if r.value is not None and r.value > 0]
    # Top-down: study rows, the pooled diamond (+ a gap), then the review block (heading + rows).
    n_rows = len(rows) + (2 if view.pooled is not None else 0) + (len(reviews) + 1 if reviews else 0)
    fig = go.Figure()
    labels, ys = [], []
    for i, row in enumerate(rows):
        y = n_rows - i
        ys.append(y)
        judged = (risk or {}).get(row.study_id, ())
        labels.append(_row_label(row) + (f" {strip(judged)}" if risk is not None and judged else ""))
        if row.estimate is None:
            continue
        colour = colours.get(row.study_id, "#000") if row.pooled else CONTRAST
        marker = {
            "symbol": "square" if row.pooled else "square-open",
            "size": style_for(presenter).big_marker,
            "color": colour,
        }
        hover = [
            row.label,
            _ci_text(row),
            row.p_text or "p not stated",
            _n_text(row),
            _provenance(row),
            "pooled" if row.pooled else f"not pooled: {row.why_not_pooled}",
            row.locator,
        ]
        if risk is not None:
            hover.append(hover_line(judged))
        meta = {
            "role": "estimate",
            "effect_id": row.effect_id,
            "pooled": row.pooled,
            "reported": row.provenance.startswith("reported"),
            "secondary": getattr(row, "secondary", False),
        }
        template = (
            "%{customdata[0]}<br>HR %{customdata[1]}, %{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}"
            "<br>%{customdata[5]}<br>Source: %{customdata[6]}"
            + ("<br>%{customdata[7]}" if risk is not None else "")
            + "<extra></extra>"
        )
        fig.add_trace(
            _estimate(row.estimate, row.ci_lower, row.ci_upper, y, marker, (2.5, 6), row.label, hover, template, meta)
        )
    if view.pooled is not None:
        pool_y = n_rows - len(rows) - 1
        _add_pool(fig, view.pooled, y=pool_y, presenter=presenter)
        ys.append(pool_y)
        labels.append(f"<b>Pooled ({view.pooled.method}{', HKSJ' if view.pooled.test == 'knha' else ''}), derived</b>")
    if reviews:
        ys.append(len(reviews) + 1)  # the block's heading, a tick with no marker
        labels.append(REVIEW_BLOCK)
        for i, review in enumerate(reviews):
            ys.append(len(reviews) - i)
            labels.append(_short(f"{review.review}: {review.comparison}"))
            _add_review(fig, review, y=len(reviews) - i, presenter=presenter)
    look = style_for(presenter)
    size = look.forest_font
    fig.add_vline(x=1, line={"color": "#444", "width": 1})
    if len(rows) < len(view.rows):
        note_left_out(
            fig,
            f"{len(view.rows) - len(rows)} more estimates not drawn (pooled and largest first); all are in the table "
            "and the pool",
            top=True,
        )
    fig.update_layout(
        font={"family": FONT, "size": size},
        xaxis={
            "type": "log",
            "automargin": False,
            "title": {
                "text": "Hazard ratio (log scale)<br>< 1 favours the level, > 1 the reference",
                "font": {"color": AXIS_TEXT},
            },
            "gridcolor": "#e5e5e5",
            "tickfont": {"size": size - 1, "color": AXIS_TEXT},
        },
        yaxis={
            "tickmode": "array",
            "tickvals": ys,
            "ticktext": labels,
            "range": [0.3, n_rows + 0.7],
            "automargin": False,
            "tickfont": {"size": size - 1, "color": AXIS_TEXT},
        },
        # Fixed margins, sized here from the labels: automatic ones make Plotly draw the figure twice
        # on every filter change (see survival_plot.place_legend_below).
        plot_bgcolor="white",
        margin={"l": label_margin(labels, size - 1), "r": 20, "t": 30, "b": look.forest_bottom, "autoexpand": False},
        height=max(320, 70 * n_rows + 140) * look.forest_scale,
        meta={"factor": view.factor, "endpoint": view.endpoint},
    )
    return fig


CHAR_WIDTH = 0.5  # of the font size: measured 0.46 for these labels in Chromium, rounded up so none is clipped


def label_margin(labels: list[str], font_size: int) -> int:
    """Left margin that holds the longest y label (markup stripped; bold counted wider)."""
    widest = max(
        (len(re.sub(r"<[^>]+>", "", label)) * (1.1 if "<b>" in label else 1.0) for label in labels), default=10
    )
    return int(widest * font_size * CHAR_WIDTH) + 16


def _add_pool(fig: go.Figure, result, y: float, presenter: bool) -> None:
    est, lo, hi = (math.exp(v) for v in (result.estimate, result.ci_lower, result.ci_upper))
    fig.add_trace(
        go.Scatter(
            x=[lo, est, hi, est, lo],
            y=[y, y + 0.3, y, y - 0.3, y],
            fill="toself",
            fillcolor=POOLED,
            line={"color": POOLED},
            mode="lines",
            name="Pooled estimate (derived)",
            showlegend=False,
            hovertemplate=f"Pooled HR {est:.2f} (95% CI {lo:.2f}–{hi:.2f}); τ² = {result.tau2:.3f}, I² = {result.i2:.0f}%, k = {result.k}<extra></extra>",
            meta={"role": "pooled", "estimate": est, "ci": [lo, hi]},
        )
    )
    if result.k >= 3 and result.pi_lower is not None and not math.isnan(result.pi_lower):
        pl, pu = math.exp(result.pi_lower), math.exp(result.pi_upper)
        fig.add_trace(
            go.Scatter(
                x=[pl, pu],
                y=[y - 0.45, y - 0.45],
                mode="lines",
                line={"color": POOLED, "width": 2, "dash": "dot"},
                name="95% prediction interval",
                showlegend=False,
                hovertemplate=f"95% prediction interval {pl:.2f}–{pu:.2f}<extra></extra>",
                meta={"role": "prediction_interval"},
            )
        )


def _add_review(fig: go.Figure, review, y: float, presenter: bool) -> None:
    """A review's own pooled ratio: hollow grey diamond, its CI as a bar; not part of our pool."""
    ci95 = review.lower is not None and review.upper is not None and review.interval == "ci95"
    marker = {
        "symbol": "diamond-open",
        "size": style_for(presenter).review_marker,
        "color": REVIEW_COLOUR,
        "line": {"width": 2},
    }
    hover = [
        f"{review.label}: {review.comparison}",
        f"{review.measure} {review.value_text}",
        review.meaning,
        review.size_text,
        review.overlap_note or "overlap with our studies unknown",
        f"{review.source}, {review.locator}",
    ]
    template = (
        "%{customdata[0]} — published, not re-pooled<br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}"
        "<br>%{customdata[4]}<br>Source: %{customdata[5]}<extra></extra>"
    )
    meta = {"role": "review", "review_id": review.id, "measure": review.measure}
    lower, upper = (review.lower, review.upper) if ci95 else (None, None)
    name = f"{review.review} (published, not re-pooled)"
    fig.add_trace(_estimate(review.value, lower, upper, y, marker, (1.5, 5), name, hover, template, meta))


def _estimate(
    value, lower, upper, y, marker: dict, bar: tuple[float, float], name, hover, template, meta
) -> go.Scatter:
    """One ratio as a marker with its confidence interval as an error bar (none without one), hover and meta."""
    return go.Scatter(
        x=[value],
        y=[y],
        mode="markers",
        marker=marker,
        error_x=_ci_bar(value, lower, upper, marker["color"], *bar),
        name=name,
        showlegend=False,
        customdata=[hover],
        hovertemplate=template,
        meta=meta,
    )


def _short(text: str, limit: int = 60) -> str:
    """Long review comparisons would push the plot aside; the full wording is in the hover and the table."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row_label(row) -> str:
    kind = "reported" if row.provenance.startswith("reported") else "derived"
    flag = " ⚑" if row.flags else ""
    secondary = ", secondary source" if getattr(row, "secondary", False) else ""
    return f"{row.study_label}: {row.level} [{row.analysis[:5]}., {kind}{secondary}]{flag}"


def _provenance(row) -> str:
    return row.provenance + (
        "; secondary source: known only from another paper's table" if getattr(row, "secondary", False) else ""
    )


def _ci_text(row) -> str:
    if row.estimate is None:
        return "not stated"
    if row.ci_lower is None:
        return f"{row.estimate:g} (CI not stated)"
    return f"{row.estimate:g} ({row.ci_lower:g}–{row.ci_upper:g})"


def _n_text(row) -> str:
    n = "n not stated" if row.n is None else f"n = {row.n}"
    return n + ("" if row.events is None else f", {row.events} events")


def _ci_bar(
    value: float, lower: float | None, upper: float | None, colour: str, thickness: float, width: float
) -> dict:
    """A confidence interval as Plotly's asymmetric error bar around `value`; none without one."""
    if lower is None or upper is None:
        return {"visible": False}
    return {
        "type": "data",
        "symmetric": False,
        "array": [upper - value],
        "arrayminus": [value - lower],
        "thickness": thickness,
        "width": width,
        "color": colour,
    }
