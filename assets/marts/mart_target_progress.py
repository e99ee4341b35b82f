"""Marts: where each target year stands, and where it is heading."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.as_of import run_as_of
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse


@asset(group_name="marts", deps=["located_transactions"])
def mart_target_progress(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """Per target measure, base and year from the baseline on: target, share to date, months of data, a year-end
    projection with its method and range, and the outlook (met, missed, on track, off track, at risk)."""
    config = analysis.load()
    as_of = run_as_of(context)
    month, day = config.close_day
    params = {"baseline_year": config.baseline_year, "as_of": as_of, "close_month": month, "close_day": day}
    with warehouse.connection() as con:
        create_base_views(con, config)
        create_table(con, "mart_target_progress", sql_beside(__file__, "mart_target_progress"), params)
        described = table_metadata(con, "mart_target_progress")
        outlook = con.execute(
            "SELECT fiscal_year, measure, base, outlook FROM mart_target_progress"
            " WHERE outlook IS NOT NULL AND year_state <> 'closed' ORDER BY ALL"
        ).fetchall()
    outlooks = "; ".join(f"{y} {m} ({b}): {o}" for y, m, b, o in outlook)
    context.log.info(f"as of {as_of}: {outlooks or 'no open year'}")
    return MaterializeResult(
        metadata={**described, "as of": str(as_of), **{f"{y} {m} ({b})": o for y, m, b, o in outlook}}
    )
