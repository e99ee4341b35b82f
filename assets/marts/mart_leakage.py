"""Marts: spend leaving the region by sector, and the local suppliers that could bid for it."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check

from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.places import analysis_places
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

#: How many local suppliers mart_leakage names for each sector.
NAMES_SHOWN = 5


@asset(group_name="marts", deps=["located_transactions", "supplier_locations", "companies", "postcode_directory"])
def mart_leakage(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse) -> MaterializeResult:
    """One row per year, base and sector (SIC section, and category when the ledger has one): spend leaving the
    region, and the home and region suppliers of the sector that could bid."""
    config = analysis.load()
    home, region = analysis_places(config)
    params = {
        "home_lad_codes": list(home.codes),
        "region_lad_codes": list(region.codes),
        "names_shown": NAMES_SHOWN,
    }
    with warehouse.connection() as con:
        create_base_views(con, config)
        create_table(con, "mart_leakage", sql_beside(__file__, "mart_leakage"), params)
        described = table_metadata(con, "mart_leakage")
        top = con.execute(
            "SELECT fiscal_year, value, leaving_spend, local_suppliers FROM mart_leakage"
            " WHERE base = 'all' AND dimension = 'sic_section' AND value <> '(not known)'"
            " QUALIFY row_number() OVER (PARTITION BY fiscal_year ORDER BY leaving_spend DESC) = 1 ORDER BY 1"
        ).fetchall()
    for year, section, leaving, local in top:
        context.log.info(f"{year}: most spend leaving the region is in SIC section {section}, £{leaving:,}; "
                         f"{local} local suppliers in it could bid")  # fmt: skip
    return MaterializeResult(metadata=described)


@asset_check(
    asset="mart_leakage",
    additional_deps=["mart_local_spend_by_year"],
    blocking=True,
    description="Each dimension of every year and base adds up to the year's total and elsewhere spend on that base.",
)
def leakage_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(
            "SELECT l.fiscal_year, l.base, l.dimension, sum(l.total_spend), any_value(y.total_spend),"
            " sum(l.leaving_spend), any_value(y.elsewhere_spend)"
            " FROM mart_leakage AS l LEFT JOIN mart_local_spend_by_year AS y USING (fiscal_year, base)"
            " GROUP BY ALL HAVING sum(l.total_spend) IS DISTINCT FROM any_value(y.total_spend)"
            " OR sum(l.leaving_spend) IS DISTINCT FROM any_value(y.elsewhere_spend) ORDER BY 1, 2, 3"
        ).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{year} ({base} base) by {dimension}: £{total} of which £{leaving} leaving, where the year has "
            f"£{year_total} of which £{year_leaving} elsewhere"
            for year, base, dimension, total, year_total, leaving, year_leaving in problems
        )
        or None,
    )
