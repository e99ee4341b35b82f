"""Marts: each year's spend on each base broken down by department, expense type, category, sector, supplier
type, size band, month and top-N membership."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check

from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.sql import counts_by, create_table, sql_beside
from core.warehouse import Warehouse


@asset(group_name="marts", deps=["located_transactions", "mart_top_suppliers"])
def mart_spend_breakdown(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """One row per year, base, dimension and value: spend in each ring both ways, with shares."""
    config = analysis.load()
    with warehouse.connection() as con:
        create_base_views(con, config)
        create_table(
            con, "mart_spend_breakdown", sql_beside(__file__, "mart_spend_breakdown"), {"top_n": config.top_suppliers}
        )
        by_dimension = counts_by(con, "mart_spend_breakdown", "dimension")
        described = table_metadata(con, "mart_spend_breakdown")
    context.log.info(f"breakdown rows by dimension {by_dimension}")
    return MaterializeResult(metadata={**described, **{f"rows for {k}": v for k, v in by_dimension.items()}})


@asset_check(
    asset="mart_spend_breakdown",
    additional_deps=["mart_local_spend_by_year"],
    blocking=True,
    description="Every dimension of every year and base adds up to the year's payments and total on that base "
    "(mart_local_spend_by_year), and its rings to the total.",
)
def breakdown_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/breakdown_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{year} ({base} base) by {dimension}: {payments} payments, £{total} (rings £{rings}) where the year "
            f"has {year_payments} payments, £{year_total}"
            for year, base, dimension, payments, total, rings, year_payments, year_total in problems
        )
        or None,
    )
