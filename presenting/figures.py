"""The charts the dashboard and the annual report share, as Plotly figures drawn from the published frames.

The map is drawn in British National Grid metres as filled shapes, with no map tiles or geographic base layer, so
that it needs nothing from the network.
"""

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from shapely.geometry import MultiPolygon, Polygon

from presenting.published import RING_LABELS, RINGS, Published

RING_COLOURS = {"home": "#1b7837", "region": "#7fbf7b", "elsewhere": "#c2a5cf", "unknown": "#bdbdbd"}
_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": {"orientation": "h", "y": -0.15},
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
}


def share_against_target(published: Published, base: str, prefix: str = "") -> go.Figure:
    """The home and home-and-region shares by year on `base`, with the targets (stated or on the trajectory) and a
    year in progress's projected range."""
    years = published["mart_local_spend_by_year"]
    years = years[years.base == base].sort_values("fiscal_year")
    labels = [published.year_label(y) for y in years.fiscal_year]
    figure = go.Figure()
    for column, name in (("home_share", "Home share"), ("home_and_region_share", "Home + region share")):
        figure.add_scatter(x=labels, y=years[f"{prefix}{column}"], name=name, mode="lines+markers")
    progress = published["mart_target_progress"]
    if not progress.empty:
        for measure, name in (("home_share", "Home target"), ("home_and_region_share", "Home + region target")):
            targets = progress[(progress.base == base) & (progress.measure == measure)].dropna(subset="target_share")
            if not targets.empty:
                figure.add_scatter(
                    x=[published.year_label(y) for y in targets.fiscal_year],
                    y=targets.target_share,
                    name=name,
                    mode="lines+markers",
                    line={"dash": "dash"},
                )
    figure.update_layout(title=f"Local shares by year ({base} spend)", yaxis_tickformat=".0%", **_LAYOUT)
    return figure


def rings_by_period(frame: pd.DataFrame, period: str, title: str, prefix: str = "") -> go.Figure:
    """Spend in each ring per period (a column of `frame`), stacked."""
    figure = go.Figure()
    for ring in RINGS:
        figure.add_bar(
            x=frame[period],
            y=frame[f"{prefix}{ring}_spend"].astype(float),
            name=RING_LABELS[ring],
            marker_color=RING_COLOURS[ring],
        )
    figure.update_layout(barmode="relative", title=title, yaxis_tickprefix="£", yaxis_tickformat=",.0f", **_LAYOUT)
    return figure


def rings_by_value(frame: pd.DataFrame, title: str, prefix: str = "") -> go.Figure:
    """Spend in each ring per value of a breakdown, largest first, as horizontal bars."""
    frame = frame.sort_values("total_spend")
    figure = go.Figure()
    for ring in RINGS:
        figure.add_bar(
            y=frame["value"],
            x=frame[f"{prefix}{ring}_spend"].astype(float),
            name=RING_LABELS[ring],
            orientation="h",
            marker_color=RING_COLOURS[ring],
        )
    figure.update_layout(
        barmode="relative",
        title=title,
        xaxis_tickprefix="£",
        xaxis_tickformat=",.0f",
        height=max(320, 28 * len(frame) + 120),
        **_LAYOUT,
    )
    return figure


def spend_map(published: Published, year: str, base: str) -> go.Figure:
    """Spend by district in `year` on `base`, shaded by spend; the home area outlined heavily, the region lightly.
    Districts with no boundary in the configured files are not drawn (the table beside the map lists them)."""
    spend = published["mart_spend_by_lad"]
    spend = spend[(spend.fiscal_year == year) & (spend.base == base) & spend.lad_code.notna()]
    by_lad = spend.groupby("lad_code").spend.sum().astype(float)
    shapes = published.boundaries.copy()
    shapes["geometry"] = shapes.geometry.simplify(100)
    home, region = published.home_codes, published.region_codes
    top = by_lad.max() if not by_lad.empty else 1.0
    figure = go.Figure()
    for lad in shapes.itertuples():
        amount = by_lad.get(lad.lad_code)
        colour = "#f0f0f0" if amount is None else sample_colorscale("Greens", [0.15 + 0.85 * max(amount, 0) / top])[0]
        outline = (
            ("#00441b", 3) if lad.lad_code in home else ("#238b45", 1.5) if lad.lad_code in region else ("#888", 0.5)
        )
        xs, ys = _outline(lad.geometry)
        spent = "no spend" if amount is None else f"£{amount:,.2f}"
        figure.add_scatter(
            x=xs,
            y=ys,
            fill="toself",
            fillcolor=colour,
            mode="lines",
            line={"color": outline[0], "width": outline[1]},
            name=lad.lad_code,
            showlegend=False,
            hoveron="fills",
            text=f"{lad.lad_name} ({lad.lad_code}): {spent}",
            hoverinfo="text",
        )
    figure.update_layout(
        title=f"Spend by district, {published.year_label(year)} ({base} spend)",
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        **_LAYOUT,
    )
    return figure


def _outline(geometry) -> tuple[list, list]:
    """The exterior rings of a (multi)polygon as one line, rings separated by gaps."""
    polygons = (
        geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry] if isinstance(geometry, Polygon) else []
    )
    xs, ys = [], []
    for polygon in polygons:
        x, y = polygon.exterior.coords.xy
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def supply_chain_sankey(published: Published, year: str, area: str) -> go.Figure:
    """The money's path in `year`: council to suppliers (local, outside, unknown) to staff, purchases, retained
    and not surveyed, and the subcontracts suppliers declared."""
    flows = published["mart_supply_chain_flows"]
    flows = flows[(flows.fiscal_year == year) & (flows.area == area) & (flows.amount > 0)]
    nodes = list(dict.fromkeys([*flows.source, *flows.target]))
    figure = go.Figure(
        go.Sankey(
            node={"label": nodes, "pad": 18},
            link={
                "source": [nodes.index(s) for s in flows.source],
                "target": [nodes.index(t) for t in flows.target],
                "value": flows.amount.astype(float),
                "customdata": flows.basis,
                "hovertemplate": "%{source.label} → %{target.label}: £%{value:,.2f} (%{customdata})<extra></extra>",
            },
        )
    )
    local = "the home area" if area == "home" else "the home area and the region"
    figure.update_layout(title=f"Where the money goes next, {published.year_label(year)} (local = {local})", **_LAYOUT)
    return figure
