"""Marts: each year's spend on each base by the district its suppliers are placed in, for the map."""

from dagster import AssetCheckResult, MaterializeResult, asset, asset_check

from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse


@asset(group_name="marts", deps=["located_transactions"])
def mart_spend_by_lad(analysis: SpendAnalysis, warehouse: Warehouse) -> MaterializeResult:
    """One row per year, base and district (Local Authority District): payments, suppliers, spend and its share of
    the year."""
    config = analysis.load()
    with warehouse.connection() as con:
        create_base_views(con, config)
        create_table(con, "mart_spend_by_lad", sql_beside(__file__, "mart_spend_by_lad"))
        described = table_metadata(con, "mart_spend_by_lad")
        districts = con.execute("SELECT count(DISTINCT lad_code) FROM mart_spend_by_lad").fetchall()[0][0]
    return MaterializeResult(metadata={**described, "districts": districts})


@asset_check(
    asset="mart_spend_by_lad",
    additional_deps=["mart_local_spend_by_year"],
    blocking=True,
    description="Every year's districts add up to its payments and total on each base (mart_local_spend_by_year), "
    "and their home and region spend to the year's.",
)
def spend_by_lad_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/spend_by_lad_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{year} ({base} base): districts hold {payments} payments, £{spend} where the year has "
            f"{year_payments} payments, £{year_total}"
            for year, base, payments, spend, year_payments, year_total in problems
        )
        or None,
    )
