"""Marts: the figures analysts publish."""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    MaterializeResult,
    asset,
    asset_check,
)

from assets.marts.bases import create_base_views
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse


@asset(group_name="marts", deps=["located_transactions"])
def mart_local_spend_by_year(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """Spend and shares by financial year and base in the borough, the region, elsewhere and unknown, beside
    targets."""
    config = analysis.load()
    params = {"baseline_year": config.baseline_year}
    with warehouse.connection() as con:
        create_base_views(con, config)
        rows = create_table(con, "mart_local_spend_by_year", sql_beside(__file__, "mart_local_spend_by_year"), params)
    return MaterializeResult(metadata={"rows": rows})


@asset_check(
    asset="mart_local_spend_by_year",
    additional_deps=["ledger_transactions"],
    blocking=True,
    description="Each year's total on the all base equals the ledger's to the penny, on the influenceable base the "
    "ledger's less the payments an exclusion rule matches; on both, home + region + elsewhere + unknown equals the "
    "total, based-or-branched and by office alone.",
)
def reconciles_with_ledger(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        mismatches = con.execute(sql_beside(__file__, "steps/reconciles_with_ledger")).fetchall()
    problems = [
        f"{year} ({base} base): ledger £{ledger} in {ledger_rows} rows, mart £{total} in {payments} payments, "
        f"rings add up to £{rings} (by office alone £{office_rings})"
        for year, base, ledger_rows, ledger, payments, total, rings, office_rings in mismatches
    ]
    return AssetCheckResult(passed=not problems, description="; ".join(problems) or None)


@asset_check(
    asset="mart_local_spend_by_year",
    description="The baseline year named in the analysis has spend in the ledger.",
)
def has_baseline_year(analysis: SpendAnalysis, warehouse: Warehouse) -> AssetCheckResult:
    baseline = analysis.load().baseline_year
    with warehouse.connection() as con:
        present = con.execute(
            "SELECT count(*) FROM mart_local_spend_by_year WHERE fiscal_year = ? AND base = 'all'", [baseline]
        ).fetchall()[0][0]
    return AssetCheckResult(
        passed=bool(present),
        severity=AssetCheckSeverity.WARN,
        description=None if present else f"baseline year {baseline} has no spend in the ledger",
    )
