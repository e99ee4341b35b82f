"""Marts: how much of the spend is linked and located, and what to fix first to place the rest."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, MetadataValue, asset, asset_check

from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse


def _markdown(rows: list[tuple]) -> str:
    lines = ["| View | Method | Ring | Suppliers | Spend | Share of spend | Fix |", "|---|---|---|---|---|---|---|"]
    for view, method, ring, suppliers, spend, share, fix in rows:
        lines.append(
            f"| {view} | {method} | {ring or ''} | {suppliers:,} | £{spend:,.2f} | {share:.1%} | {fix or ''} |"
        )
    return "\n".join(lines)


@asset(group_name="marts", deps=["located_transactions"])
def mart_location_coverage(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """Share of suppliers and spend linked by each method and located by each method, by year and overall; unknown
    spend by reason."""
    with warehouse.connection() as con:
        create_base_views(con, analysis.load())
        create_table(con, "mart_location_coverage", sql_beside(__file__, "mart_location_coverage"))
        described = table_metadata(con, "mart_location_coverage")
        rows = con.execute(
            "SELECT view, method, ring, suppliers, spend, coalesce(spend_share, 0), fix FROM mart_location_coverage"
            " WHERE fiscal_year = 'all'"
        ).fetchall()
    located = sum(share for view, _, ring, _, _, share, _ in rows if view == "location" and ring != "unknown")
    unknown = [r for r in rows if r[0] == "location" and r[2] == "unknown"]
    context.log.info(f"{located:.1%} of spend located; unknown spend by reason: {[(r[1], r[4]) for r in unknown]}")
    return MaterializeResult(
        metadata={
            **described,
            "share of spend located": located,
            "unknown spend by reason (fix the top first)": MetadataValue.md(
                _markdown(unknown) if unknown else "All spend is located."
            ),
            "coverage": MetadataValue.md(_markdown(rows)),
        }
    )


@asset_check(
    asset="mart_location_coverage",
    additional_deps=["located_transactions"],
    blocking=True,
    description="Every pound is accounted for: in every year and overall, each view sums to the ledger, and its "
    "unknown rows to the unknown spend of located_transactions.",
)
def explains_unknown_spend(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/explains_unknown_spend")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{year}: {view} view sums to £{total} (ledger £{ledger}), unknown £{unknown} "
            f"(ledger's unknown £{ledger_unknown})"
            for year, view, total, ledger, unknown, ledger_unknown in problems
        )
        or None,
    )
