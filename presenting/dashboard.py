"""The dashboard: `make dashboard`, or `spend dashboard --config FILE` (Streamlit, on http://127.0.0.1:8501).

It reads the snapshot the last good run published (core/snapshot.py), never the warehouse, so a refresh never waits
for it nor it for a refresh; a new snapshot shows at the next reload of the page. Every figure is written as money
or a share and names its base; a year with fewer than twelve months of ledger is marked wherever it appears.
"""

import argparse
import sys

import pandas as pd
import streamlit as st

from core.config import analysis_path, load_config
from core.formatting import points
from core.snapshot import SnapshotMissing
from presenting import figures, tables
from presenting.published import VIEWS, Published, read_published, snapshot_mtime


@st.cache_resource(max_entries=2)
def _published(config_file: str, mtime: float) -> Published:
    """The snapshot's frames, read again only when the snapshot file changes (mtime is the cache key)."""
    return read_published(load_config(config_file))


def _table(frame: pd.DataFrame) -> None:
    """A table as HTML (its text on the page, unlike a canvas grid), its first column as the row labels."""
    if frame.empty:
        st.write("No rows.")
    else:
        st.table(frame.set_index(frame.columns[0]))


def _base(published: Published, base: str, more: str = "") -> None:
    st.markdown(f"**Base: {tables.base_words(published, base)}**{' · ' + more if more else ''}")


def headline(published: Published, year: str, base: str, prefix: str) -> None:
    spend = published["mart_local_spend_by_year"]
    spend = spend[spend.base == base].set_index("fiscal_year")
    row = spend.loc[[year]]

    def value(column: str) -> str:
        return published.show("mart_local_spend_by_year", row, {column: column}).iloc[0, 0]

    _base(published, base, f"suppliers placed {'by office alone' if prefix else 'based or branched'}")
    shares = st.columns(3)
    home = f"{prefix}home_share"
    baseline = published.config.baseline_year
    change = None
    if baseline in spend.index:  # the baseline year may have no spend (a warning check says so)
        change = f"{points(row[home].iloc[0] - spend.loc[baseline, home])} on baseline"
    shares[0].metric(f"Home share, {published.year_label(year)}", value(home), change)
    shares[1].metric("Home + region share", value(f"{prefix}home_and_region_share"))
    target = row["target_home_share"].iloc[0]
    shares[2].metric(
        "Home-share target",
        "none" if pd.isna(target) else value("target_home_share"),
        None if pd.isna(target) else f"gap {value('gap_to_target')}",
        delta_color="off",
    )
    money = st.columns(3)
    money[0].metric("Total spend", value("total_spend"))
    money[1].metric("Home area spend", value(f"{prefix}home_spend"))
    money[2].metric("Unknown (not placed)", value(f"{prefix}unknown_spend"))
    st.markdown(figures.share_against_target(published, base, prefix), unsafe_allow_html=True)
    _table(tables.years(published, base, prefix))


def over_time(published: Published, year: str, base: str, prefix: str) -> None:
    months = published["mart_spend_breakdown"]
    months = months[(months.base == base) & (months.dimension == "month")].sort_values("value")
    _base(published, base)
    title = f"Spend by month in each ring ({base} spend)"
    st.plotly_chart(figures.rings_by_period(months, "value", title, prefix), width="stretch")


def suppliers(published: Published, year: str, base: str, prefix: str) -> None:
    _base(published, base)
    line = tables.top_suppliers_line(published, year, base)
    if line:
        st.markdown(line)
    _table(tables.top_suppliers(published, year, base))


def breakdowns(published: Published, year: str, base: str, prefix: str) -> None:
    present = set(published["mart_spend_breakdown"].dimension)
    dimension = st.radio(
        "Break down by",
        [d for d in tables.BREAKDOWNS if d in present],
        format_func=tables.BREAKDOWNS.get,
        horizontal=True,
    )
    _base(published, base)
    title = f"{tables.BREAKDOWNS[dimension]}, {published.year_label(year)} ({base} spend)"
    rows = tables.breakdown_rows(published, year, base, dimension)
    st.plotly_chart(figures.rings_by_value(rows, title, prefix), width="stretch")
    _table(tables.breakdown(published, year, base, dimension, prefix))


def leakage(published: Published, year: str, base: str, prefix: str) -> None:
    _base(published, base, "spend leaving the region by sector, and the local firms that could bid for it")
    _table(tables.leakage(published, year, base))


def district_map(published: Published, year: str, base: str, prefix: str) -> None:
    _base(published, base, "suppliers placed based or branched; the home area outlined heavily, the region lightly")
    if published.boundaries.empty:
        st.info(tables.NO_BOUNDARIES)
    else:
        st.plotly_chart(figures.spend_map(published, year, base), width="stretch")
    _table(tables.districts(published, year, base))


def coverage(published: Published, year: str, base: str, prefix: str) -> None:
    _base(published, "all", "the spend no supplier could be placed for, by reason, and what would place it")
    _table(tables.unknown_by_reason(published, year))
    st.markdown("**What placed the rest**")
    _table(tables.placed_by(published, year))


def quality(published: Published, year: str, base: str, prefix: str) -> None:
    st.markdown("**The last ingest**")
    _table(tables.last_ingest(published))
    st.markdown(tables.fields_lacking(published))
    problems = tables.files_not_loaded_whole(published)
    st.markdown(f"**Files not loaded whole** ({len(problems)} of {len(published['mart_ingest_quality'])})")
    _table(problems)


def social_value(published: Published, year: str, base: str, prefix: str) -> None:
    shown = False
    if not published["mart_living_wage"].empty:
        st.markdown(f"**Real Living Wage** · base: {tables.base_words(published, base)}")
        _table(tables.living_wage(published, base))
        shown = True
    if not published["mart_quote_compliance_by_year"].empty:
        st.markdown("**Written quotations with a local invitee** (home, else region; all departments)")
        _table(tables.quotations(published))
        shown = True
    if not published["mart_contract_social_value"].empty:
        st.markdown("**Social value by contract** (delivered: declared by suppliers; verified: by officers)")
        _table(tables.contracts(published))
        st.markdown(f"**Social value in {published.year_label(year)}, by outcome and measure**")
        _table(tables.social_value_by_measure(published, year))
        shown = True
    if not shown:
        st.write("No living wage, quotations or social value inputs are configured for this analysis.")


def supply_chain(published: Published, year: str, base: str, prefix: str) -> None:
    if published["mart_lm3"].empty:
        st.write("No supply-chain inputs (supply_chain) are configured for this analysis.")
        return
    area = st.radio("Local means", list(tables.LOCAL), horizontal=True, format_func=tables.LOCAL.get)
    _base(published, base, "LM3 with the surveys' coverage of R2 and how suppliers not surveyed count")
    _table(tables.lm3(published, base, area))
    st.plotly_chart(figures.supply_chain_sankey(published, year, area), width="stretch")


#: The views, each drawn only when chosen, so that a page shows its figures at once. Each is drawn from the
#: snapshot's frames and the sidebar's choices: the year, the base and how suppliers are placed (a column prefix).
VIEWS_SHOWN = {
    "Headline": headline,
    "Over time": over_time,
    "Suppliers": suppliers,
    "Breakdowns": breakdowns,
    "Leakage": leakage,
    "Map": district_map,
    "Coverage": coverage,
    "Data quality": quality,
    "Social value": social_value,
    "Supply chain": supply_chain,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    args, _ = parser.parse_known_args(sys.argv[1:])
    config_file = analysis_path(args.config)
    config = load_config(config_file)
    st.set_page_config(page_title=f"{config.council_name}: where the money goes", layout="wide")
    st.title(config.council_name)
    try:
        published = _published(str(config_file), snapshot_mtime(config))
    except SnapshotMissing as exc:
        st.error(str(exc))
        return
    if published["mart_local_spend_by_year"].empty:
        st.warning("The last run published no figures yet (only the ledger, say): run `spend run` on the analysis.")
        return
    st.caption(
        f"Figures of the run published {published.published_at:%d %B %Y at %H:%M} UTC (run "
        f"{published.run_id[:8]}): reload the page after a run to see newer ones."
    )
    with st.sidebar:
        year = st.selectbox("Financial year", published.years[::-1], format_func=published.year_label)
        base = st.radio(
            "Base",
            ["all", "influenceable"],
            format_func={"all": "all spend", "influenceable": "influenceable spend"}.get,
        )
        prefix = VIEWS[st.radio("Place suppliers by", list(VIEWS))]
    view = st.radio("View", list(VIEWS_SHOWN), horizontal=True, label_visibility="collapsed")
    VIEWS_SHOWN[view](published, year, base, prefix)


main()
