"""The charts the dashboard, the annual report and the notebooks share, drawn from the published frames: Plotly
figures, and the headline's shares by year as plain SVG (it heads the dashboard's first view, which a Plotly chart
would hold back until Plotly's script has loaded).

The map is drawn in British National Grid metres as filled shapes, with no map tiles or geographic base layer, so
that it needs nothing from the network.
"""

from dataclasses import dataclass
from html import escape

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


HOME_AND_REGION = "#5aae61"


@dataclass(frozen=True)
class Series:
    """A line of the shares chart: its name, colour, dash pattern ("" solid) and share per year."""

    name: str
    colour: str
    dash: str
    shares: dict[str, float]


def share_against_target(published: Published, base: str, prefix: str = "") -> str:
    """The home and home-and-region shares by year on `base`, with their targets (stated, or on the trajectory to
    one) and, for a year in progress, the year-end projection (a hollow point) and its range (a bar), as an SVG
    drawing: no script to load, so the view it heads shows at once (a Plotly chart holds a Streamlit page back
    until Plotly's script has loaded). Each point's value is its tooltip."""
    spend = published["mart_local_spend_by_year"]
    spend = spend[spend.base == base].sort_values("fiscal_year")
    years = list(spend.fiscal_year)
    lines = [
        Series("Home share", RING_COLOURS["home"], "", dict(zip(years, spend[f"{prefix}home_share"], strict=True))),
        Series(
            "Home + region share",
            HOME_AND_REGION,
            "",
            dict(zip(years, spend[f"{prefix}home_and_region_share"], strict=True)),
        ),
    ]
    progress = published["mart_target_progress"]
    progress = progress[progress.base == base] if not progress.empty else progress
    projections = []
    for measure, line in (("home_share", lines[0]), ("home_and_region_share", lines[1])):
        rows = progress[progress.measure == measure] if not progress.empty else progress
        targets = rows.dropna(subset="target_share") if not rows.empty else rows
        if not targets.empty:
            shares = dict(zip(targets.fiscal_year, targets.target_share, strict=True))
            lines.append(Series(line.name.replace("share", "target"), line.colour, "6 4", shares))
        if not rows.empty and not prefix:  # projections are of the based-or-branched figures
            in_progress = rows[(rows.year_state == "in progress") & rows.projected_share.notna()]
            projections += [(line, row) for row in in_progress.itertuples()]
    return _shares_svg(published, f"Local shares by year ({base} spend)", years, lines, projections)


def _shares_svg(published: Published, title: str, years: list[str], lines: list[Series], projections: list) -> str:
    values = [v for line in lines for v in line.shares.values() if v == v]
    values += [
        v for _, row in projections for v in (row.projected_share, row.projected_low, row.projected_high) if v == v
    ]
    low, high = max(0.0, min(values) - 0.05), min(1.0, max(values) + 0.05)
    width, height, left, right, top, bottom = 760, 320, 80, 64, 36, 78
    step = (width - left - right) / max(len(years) - 1, 1)

    def x(year: str) -> str:
        return f"{left + step * years.index(year) if len(years) > 1 else (width - right + left) / 2:.1f}"

    def y(share: float) -> str:
        return f"{top + (high - share) / ((high - low) or 1) * (height - top - bottom):.1f}"

    def point(year: str, share: float, colour: str, tip: str, hollow: bool = False) -> str:
        fill = f'fill="white" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}"'
        return f'<circle cx="{x(year)}" cy="{y(share)}" r="4" {fill}><title>{escape(tip)}</title></circle>'

    parts = [f'<text x="{left}" y="20" font-weight="600">{escape(title)}</text>']
    for tick in (t / 100 for t in range(int(low * 100) // 5 * 5 + 5, int(high * 100) + 1, 5)):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick)}" y2="{y(tick)}" stroke="#e5e5e5"/>')
        parts.append(
            f'<text x="{left - 6}" y="{float(y(tick)) + 4:.1f}" text-anchor="end" font-size="11">{tick:.0%}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x(year)}" y="{height - bottom + 18}" text-anchor="middle" font-size="11">'
            f"{escape(published.year_label(year))}</text>"
        )
    for number, line in enumerate(lines):
        known = [(year, share) for year, share in line.shares.items() if year in years and share == share]
        path = " ".join(f"{x(year)},{y(share)}" for year, share in known)
        dash = line.dash or "none"
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="2.5" '
            f'stroke-dasharray="{dash}"/>'
        )
        parts += [
            point(year, share, line.colour, f"{line.name}, {published.year_label(year)}: {share:.1%}")
            for year, share in known
        ]
        across, down = left + (number % 2) * 300, height - 34 + (number // 2) * 18
        parts.append(
            f'<line x1="{across}" x2="{across + 24}" y1="{down}" y2="{down}" stroke="{line.colour}" '
            f'stroke-width="2.5" stroke-dasharray="{dash}"/>'
            f'<text x="{across + 30}" y="{down + 4}" font-size="12">{escape(line.name)}</text>'
        )
    for line, row in projections:
        ranged = row.projected_low == row.projected_low and row.projected_high == row.projected_high
        if ranged:
            parts.append(
                f'<line x1="{x(row.fiscal_year)}" x2="{x(row.fiscal_year)}" y1="{y(row.projected_low)}" '
                f'y2="{y(row.projected_high)}" stroke="{line.colour}" stroke-width="6" stroke-opacity="0.3"/>'
            )
        spread = f" (range {row.projected_low:.1%} to {row.projected_high:.1%})" if ranged else ""
        tip = f"{line.name}, {published.year_label(row.fiscal_year)}, projected: {row.projected_share:.1%}{spread}"
        parts.append(point(row.fiscal_year, row.projected_share, line.colour, tip, hollow=True))
    label = escape(title)
    style = "width:100%;height:auto;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'style="{style}">{"".join(parts)}</svg>'
    )


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
