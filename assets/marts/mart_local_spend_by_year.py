"""Marts: the figures analysts publish."""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from assets.marts.bases import create_base_views
from assets.metadata import share_bars, table_metadata
from core.config import SpendAnalysis
from core.formatting import money, percent
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
        create_table(con, "mart_local_spend_by_year", sql_beside(__file__, "mart_local_spend_by_year"), params)
        described = table_metadata(con, "mart_local_spend_by_year")
        years = con.execute(
            "SELECT fiscal_year, months, total_spend, home_share, home_and_region_share, target_home_share"
            " FROM mart_local_spend_by_year WHERE base = 'all' ORDER BY fiscal_year"
        ).fetchall()
    return MaterializeResult(metadata={**described, **_headline(years, config.baseline_year)})


def _headline(years: list[tuple], baseline: str) -> dict:
    """The latest year's figures on all spend, formatted, and the home share of every year as a bar."""
    if not years:
        return {}
    year, months, total, home, local, target = years[-1]
    latest = f"{year}{'' if months == 12 else f' ({months} of 12 months)'}"
    labels = [(f"{y}{' (baseline)' if y == baseline else ''}{'' if m == 12 else f' ({m}/12)'}", h)
              for y, m, _, h, _, _ in years]  # fmt: skip
    return {
        "latest year": latest,
        "total spend (all)": money(total),
        "home share (all)": percent(home),
        "home + region share (all)": percent(local),
        "home-share target": percent(target) or "none",
        "home share by year (all spend)": MetadataValue.md(share_bars(labels)),
    }


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
