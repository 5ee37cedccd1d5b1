"""Sizes of everything a figure draws, normal and for a shared screen (presenter view), declared once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureStyle:
    font: int  # the figure's base type size, px
    label: int  # text printed beside markers
    note: int  # small annotations ('not pooled: …')
    line: float  # a curve's width
    marker: int  # a reported point
    big_marker: int  # a pooled square, a forest square
    pi_line: float  # the prediction interval's line
    plot_area: int  # px of curves, whatever the number of legend rows
    legend_row: int  # px per legend entry
    axis_band: int  # x tick labels and the axis title, below the plot area
    left_margin: int
    forest_font: int
    forest_bottom: int
    forest_scale: float  # forest height factor
    review_marker: int
    figure_height: int | None  # the board's figure height (None: sized to its legend)


# field: (normal, presenter); the presenter view fills one 1280×720 screen per figure, title bar and caption just off it
SIZES = dict(
    font=(14, 20),
    label=(12, 16),
    note=(11, 14),
    line=(2.5, 4),
    marker=(10, 14),
    big_marker=(12, 16),
    pi_line=(1.5, 2.5),
    plot_area=(400, 500),
    legend_row=(20, 28),
    axis_band=(62, 78),
    left_margin=(70, 78),
    forest_font=(13, 18),
    forest_bottom=(90, 110),
    forest_scale=(1.0, 1.25),
    review_marker=(13, 16),
    figure_height=(480, 640),
)
NORMAL = FigureStyle(**{name: normal for name, (normal, _) in SIZES.items()})
PRESENTER = FigureStyle(**{name: presenter for name, (_, presenter) in SIZES.items()})


def style_for(presenter: bool) -> FigureStyle:
    return PRESENTER if presenter else NORMAL


def largest(items, limit: int, first=lambda item: False) -> list:
    """At most `limit` items, in their given order: those `first` picks, then the largest cohorts (n) (all of them when
    there are fewer); what a crowded figure draws."""
    if len(items) <= limit:
        return list(items)
    order = sorted(range(len(items)), key=lambda i: (not first(items[i]), items[i].n is None, -(items[i].n or 0), i))
    return [items[i] for i in sorted(order[:limit])]


def note_left_out(fig, text: str, top: bool) -> None:
    """A one-line note at the plot's left edge (top or bottom) saying what a crowded figure does not draw."""
    fig.add_annotation(
        x=0,
        y=1 if top else 0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text=text,
        name="not_drawn_label",
    )
