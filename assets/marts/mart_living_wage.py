"""Marts: the spend with employers the Living Wage Foundation accredited (the policy works towards the Real Living
Wage), and each accredited employer as matched to the ledger's payees."""

from dagster import AssetCheckResult, AssetExecutionContext, AssetSpec, MaterializeResult, asset_check, multi_asset

from assets.marts.bases import create_base_views
from assets.metadata import share_by_year, table_metadata
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

TABLES = ("mart_living_wage", "mart_living_wage_employers")


@multi_asset(
    specs=[
        AssetSpec(
            "mart_living_wage",
            group_name="marts",
            deps=["located_transactions", "supplier_locations", "living_wage_employers"],
            description="Per year and base: spend with accredited Living Wage employers since their accreditation, "
            "its share, by ring; accredited employers paid.",
        ),
        AssetSpec(
            "mart_living_wage_employers",
            group_name="marts",
            deps=["located_transactions", "supplier_locations", "living_wage_employers"],
            description="Per accredited employer: how payees matched it (none: listed for correction), the ledger's "
            "names, payments and spend since accreditation.",
        ),
    ],
)
def mart_living_wage(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Match payees to the accredited employers, then sum the spend with them by year, base and ring."""
    config = analysis.load()
    with warehouse.connection() as con:
        create_base_views(con, config)
        payees = sql_beside(__file__, "steps/accredited_payees")
        con.execute(f"CREATE OR REPLACE TEMP TABLE accredited_payees AS {payees}")
        payments = sql_beside(__file__, "steps/accredited_payments")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE accredited_payments AS {payments}",
            {"configured": config.living_wage is not None},  # without a file, no payment is read
        )
        for table in TABLES:
            create_table(con, table, sql_beside(__file__, table))
        described = {table: table_metadata(con, table) for table in TABLES}
        described["mart_living_wage"] |= share_by_year(
            con, "mart_living_wage", "accredited_share", "base = 'all'", "share with accredited employers (all)"
        )
        unmatched = con.execute(
            "SELECT count(*) FROM mart_living_wage_employers WHERE match_method IS NULL"
        ).fetchall()[0][0]
    if unmatched:
        context.log.warning(f"{unmatched} accredited employers match no payee: see mart_living_wage_employers")
    yield MaterializeResult(asset_key="mart_living_wage", metadata=described["mart_living_wage"])
    yield MaterializeResult(
        asset_key="mart_living_wage_employers",
        metadata={**described["mart_living_wage_employers"], "matching no payee": unmatched},
    )


@asset_check(
    asset="mart_living_wage",
    additional_deps=["mart_local_spend_by_year", "mart_living_wage_employers"],
    blocking=True,
    description="Each year's total on each base equals mart_local_spend_by_year's, the rings of accredited spend add "
    "up to it, and the employers' spend since accreditation adds up to the accredited spend on the all base.",
)
def living_wage_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/living_wage_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{year} ({base} base): total £{total} where the year has £{ledger}; accredited £{accredited}, "
            f"by ring or by employer £{rings}"
            for year, base, total, ledger, accredited, rings in problems
        )
        or None,
    )
