"""Marts: every supplier paid in each year and base, ranked; the top suppliers (CLES's top 300), and the table councils
publish about them."""

from dagster import AssetCheckResult, AssetExecutionContext, AssetSpec, MaterializeResult, asset_check, multi_asset

from assets.marts.bases import create_base_views
from assets.metadata import share_by_year, table_metadata
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

TABLES = ("mart_supplier_spend", "mart_top_suppliers", "mart_top_suppliers_summary")


@multi_asset(
    specs=[
        AssetSpec(
            "mart_supplier_spend",
            group_name="marts",
            deps=["located_transactions", "supplier_locations"],
            description="Every supplier paid in each year and base, ranked by spend: name, company number, spend, "
            "payments, district and ring both ways, type, sector.",
        ),
        AssetSpec(
            "mart_top_suppliers",
            group_name="marts",
            deps=["mart_supplier_spend"],
            description="The top N suppliers of each year and base by spend: rank, name, spend, payments, ring both "
            "ways, type, sector.",
        ),
        AssetSpec(
            "mart_top_suppliers_summary",
            group_name="marts",
            deps=["mart_top_suppliers", "located_transactions"],
            description="Per year and base: the top N's spend, and how many of them and how much of their spend are "
            "home, region, elsewhere and unknown.",
        ),
    ],
)
def mart_top_suppliers(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Rank suppliers by spend in each year and base, keep the top N (`top_suppliers`), and sum them up by ring."""
    config = analysis.load()
    with warehouse.connection() as con:
        create_base_views(con, config)
        for table in TABLES:
            select = sql_beside(__file__, table)
            create_table(con, table, select, {"top_n": config.top_suppliers} if "$top_n" in select else None)
        described = {table: table_metadata(con, table) for table in TABLES}
        described["mart_top_suppliers_summary"] |= share_by_year(
            con, "mart_top_suppliers_summary", "home_share", "base = 'all'", "the top suppliers' home share (all)"
        )
        headline = con.execute(
            "SELECT fiscal_year, suppliers, home_suppliers, home_share FROM mart_top_suppliers_summary"
            " WHERE base = 'all' ORDER BY fiscal_year"
        ).fetchall()
    context.log.info(
        "; ".join(
            f"{year}: {home} of the top {n} suppliers are home, {share:.1%} of their spend"
            for year, n, home, share in headline
        )
    )
    for table in TABLES:
        yield MaterializeResult(asset_key=table, metadata=described[table])


@asset_check(
    asset="mart_top_suppliers_summary",
    additional_deps=["mart_supplier_spend", "mart_top_suppliers", "mart_local_spend_by_year"],
    blocking=True,
    description="Each year and base ranks every supplier once, their spend and the redacted payments' add up to "
    "the base's total in mart_local_spend_by_year; the top N are min(N, its suppliers), their rings add up to the "
    "top spend.",
)
def top_suppliers_add_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/top_suppliers_add_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(f"{year} ({base} base): {problem}" for year, base, problem in problems) or None,
    )
