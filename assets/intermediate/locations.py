"""Intermediate: every supplier placed in a ring, and every payment linked to its supplier's place."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check
from dagster_duckdb import DuckDBResource

from assets.sql import publish, sql_beside, warehouse
from pipelines.resources import SpendAnalysis


def _counts(con, table: str, column: str) -> dict[str, int]:
    return dict(con.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall())


@asset(group_name="intermediate", deps=["suppliers", "postcode_directory"])
def supplier_locations(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per supplier: normalised postcode, LAD code, tier (home/region/elsewhere/unknown) and method."""
    config = analysis.load()
    params = {"home_lad_codes": config.home_lad_codes, "region_lad_codes": config.region_lad_codes}
    with warehouse(duckdb) as con:
        counts = publish(con, [("supplier_locations", sql_beside(__file__, "supplier_locations"), params)])
        by_tier, by_method = (
            _counts(con, "supplier_locations", "tier"),
            _counts(con, "supplier_locations", "method"),
        )
    context.log.info(f"suppliers by tier {by_tier}; by method {by_method}")
    return MaterializeResult(
        metadata={"rows": counts["supplier_locations"], **{f"tier {k}": v for k, v in by_tier.items()}}
    )


@asset(group_name="intermediate", deps=["ledger_transactions", "suppliers", "supplier_locations"])
def located_transactions(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per loaded payment with its linked supplier, how it was linked, its LAD and its tier."""
    config = analysis.load()
    params = {"redaction_markers": [m.lower() for m in config.redaction_markers]}
    with warehouse(duckdb) as con:
        counts = publish(con, [("located_transactions", sql_beside(__file__, "located_transactions"), params)])
        by_link = _counts(con, "located_transactions", "link_method")
    context.log.info(f"payments by link method {by_link}")
    return MaterializeResult(
        metadata={"rows": counts["located_transactions"], **{f"linked by {k}": v for k, v in by_link.items()}}
    )


@asset_check(
    asset="located_transactions",
    additional_deps=["ledger_transactions"],
    blocking=True,
    description="Linking fans out to nothing and drops nothing: one located row per loaded ledger row, same money.",
)
def one_row_per_ledger_row(duckdb: DuckDBResource) -> AssetCheckResult:
    with warehouse(duckdb) as con:
        ledger_rows, ledger_amount, located_rows, located_amount = con.execute(
            "SELECT (SELECT count(*) FROM ledger_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_transactions),"
            " (SELECT count(*) FROM located_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM located_transactions)"
        ).fetchone()
    passed = (ledger_rows, ledger_amount) == (located_rows, located_amount)
    return AssetCheckResult(
        passed=passed,
        description=None
        if passed
        else f"ledger_transactions has {ledger_rows} rows (£{ledger_amount}), "
        f"located_transactions {located_rows} (£{located_amount})",
    )
