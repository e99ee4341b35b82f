"""The annual report: `spend report --config FILE --html report.html [--pdf report.pdf] [--year 2021/22]`.

One self-contained HTML file from the snapshot the last good run published: its charts' script (Plotly) and their
data are inline and its fonts are the reader's own, so it opens with no network, mails as one attachment and prints
as it shows. The PDF is that page printed by a headless Chromium (Debian's `chromium`, or $SPEND_CHROMIUM).
"""

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from assets.publish.reports import ATTRIBUTION
from presenting import figures, tables
from presenting.published import Published

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #1b7837; }
.made { color: #555; font-size: .9rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.figure { border-left: 4px solid #1b7837; padding: .2rem .8rem; min-width: 11rem; }
.figure .value { font-size: 1.6rem; font-weight: 600; } .figure .label { font-size: .85rem; color: #444; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .85rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.chart { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


class PdfUnavailable(Exception):
    """No Chromium to print the PDF with."""


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0) if not frame.empty else "<p>No rows.</p>"


def _text(words: str) -> str:
    return f"<p>{html.escape(words)}</p>" if words else ""


class _Charts:
    """Each chart as a <div>; the first carries Plotly's script inline, the others use it."""

    def __init__(self) -> None:
        self.script_written = False

    def __call__(self, figure: go.Figure) -> str:
        div = figure.to_html(
            full_html=False,
            include_plotlyjs=not self.script_written,
            config={"displayModeBar": False, "responsive": True},
            default_height="28rem",
        )
        self.script_written = True
        return f'<div class="chart">{div}</div>'


def _figure(value: str, label: str) -> str:
    return (
        f'<div class="figure"><div class="value">{html.escape(value)}</div>'
        f'<div class="label">{html.escape(label)}</div></div>'
    )


def _headline_figures(published: Published, year: str) -> str:
    spend = published["mart_local_spend_by_year"]
    row = spend[(spend.fiscal_year == year) & (spend.base == "all")]
    labels = {
        "home_share": f"of all spend in {published.year_label(year)} went to the home area",
        "home_and_region_share": f"to the home area and {published.config.region_name}",
        "total_spend": "spent in all (all payments)",
        "unknown_spend": "with suppliers that could not be placed",
        "target_home_share": "the home-share target for the year",
    }
    shown = published.show("mart_local_spend_by_year", row, labels).iloc[0]
    return '<div class="figures">' + "".join(_figure(v, k) for k, v in shown.items() if v) + "</div>"


def _method(published: Published) -> str:
    config = published.config
    spend = published["mart_local_spend_by_year"]
    bases = spend.drop_duplicates("base")[["base", "base_definition"]]
    partial = [published.year_label(y) for y in published.years if published.months(y) < 12]
    items = [
        f"The home area is {', '.join(config.home_lad_codes)}; the region, {config.region_name}, is "
        f"{', '.join(config.region_lad_codes)} (home excluded). Local Authority District codes of every vintage "
        "count alike.",
        "Each supplier is placed by its postcode in the Local Authority District that contains it. "
        '"Based or branched" (the figures here, as CLES counts) places a supplier at its declared local site '
        "where it has one, else at its office; the dashboard also gives the office alone.",
        "Shares are of the money paid, credit notes included. Payments to suppliers that could not be placed count "
        "as unknown, never as local or elsewhere.",
        *(f"Base {row.base}: {row.base_definition}." for row in bases.itertuples()),
        "Years run April to March. "
        + (f"Partial years (fewer than twelve months of ledger): {', '.join(partial)}." if partial else ""),
    ]
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def _sources(published: Published) -> str:
    config = published.config
    items = [
        f"Spending: {config.council_name}'s payments published under the Local Government Transparency Code "
        "(Open Government Licence v3.0).",
        f"Postcodes and districts: {ATTRIBUTION}.",
    ]
    if config.boundaries:
        items.append(
            "District boundaries: Source: Office for National Statistics licensed under the Open Government Licence "
            "v.3.0; Contains OS data © Crown copyright and database right."
        )
    if config.companies_house:
        items.append(
            "Company information: Companies House, Contains public sector information licensed under the Open "
            "Government Licence v3.0."
        )
    items.append(f"Figures of the run {published.run_id}, published {published.published_at:%d %B %Y %H:%M} UTC.")
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def annual_report_html(published: Published, year: str | None = None) -> str:
    """The report on `year` (the latest year with figures when None) against the baseline and the targets."""
    year = year or published.years[-1]
    if year not in published.years:
        raise ValueError(f"the ledger has no payments in {year}: years with figures are {', '.join(published.years)}")
    config, chart = published.config, _Charts()
    parts = [
        f"<h1>{html.escape(config.council_name)}</h1>",
        f"<p><strong>Where the money goes: local spend in {html.escape(published.year_label(year))}</strong></p>",
        f'<p class="made">Figures of the run published {published.published_at:%d %B %Y at %H:%M} UTC.</p>',
        _headline_figures(published, year),
        "<h2>The year against the baseline and the targets</h2>",
        f'<div class="chart">{figures.share_against_target(published, "all")}</div>',
        _text(f"All spend: {tables.base_words(published, 'all')}."),
        _table(tables.years(published, "all")),
        _text(f"Influenceable spend: {tables.base_words(published, 'influenceable')}."),
        _table(tables.years(published, "influenceable")),
        "<h2>How the figures are made</h2>",
        _method(published),
        *(_text(f"{year}: {what}.") for year, what in published.restated.items()),
        "<h2>Coverage: what could not be placed, and why</h2>",
        _text("All spend. What would place each part is said beside it."),
        _table(tables.unknown_by_reason(published, year)),
        "<h2>Where the money went</h2>",
        _text(tables.NO_BOUNDARIES) if published.boundaries.empty else chart(figures.spend_map(published, year, "all")),
        _table(tables.districts(published, year, "all").head(15)),
        _text(tables.top_suppliers_line(published, year, "all") or ""),
        _table(tables.top_suppliers(published, year, "all", limit=20)),
        chart(figures.rings_by_value(tables.breakdown_rows(published, year, "all", "department"), "Department")),
        _text("Spend leaving the region by sector (all spend), and the local firms that could bid for it."),
        _table(tables.leakage(published, year, "all", limit=10)),
    ]
    if not published["mart_living_wage"].empty:
        parts += ["<h2>Real Living Wage</h2>", _table(tables.living_wage(published, "all"))]
    if not published["mart_quote_compliance_by_year"].empty:
        parts += ["<h2>Written quotations with a local invitee</h2>", _table(tables.quotations(published))]
    if not published["mart_contract_social_value"].empty:
        parts += [
            "<h2>Social value on contracts</h2>",
            _text("Delivered: what suppliers declared; verified: what officers verified, at the framework's proxies."),
            _table(tables.contracts(published)),
            _text(f"In {published.year_label(year)}, by outcome and measure:"),
            _table(tables.social_value_by_measure(published, year)),
        ]
    if not published["mart_lm3"].empty:
        parts += [
            "<h2>Where the money goes next: LM3</h2>",
            _table(tables.lm3(published, "all", "home")),
            chart(figures.supply_chain_sankey(published, year, "home")),
        ]
    parts += [
        "<h2>The data behind the figures</h2>",
        _table(tables.last_ingest(published)),
        _text(tables.fields_lacking(published)),
        "<h2>Data sources and licences</h2>",
        _sources(published),
    ]
    title = html.escape(f"{config.council_name}: local spend {year}")
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def chromium() -> str:
    """The Chromium to print with: $SPEND_CHROMIUM, else the first on the PATH."""
    found = os.environ.get("SPEND_CHROMIUM") or next(
        (path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None
    )
    if not found:
        raise PdfUnavailable(
            "--pdf prints the report with Chromium, and none was found: install it (Debian: apt-get install "
            "chromium) or name it in $SPEND_CHROMIUM"
        )
    return found


def write_pdf(html_file: Path, pdf_file: Path) -> None:
    """Print `html_file` to `pdf_file` with headless Chromium, its charts drawn first; no network is touched."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", "--virtual-time-budget=10000", f"--print-to-pdf={pdf_file.resolve()}",
            html_file.resolve().as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not pdf_file.exists():
        raise PdfUnavailable(f"Chromium could not print {html_file}: {done.stderr.strip()[-500:]}")
