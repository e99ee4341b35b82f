"""Marts: the written quotation exercises against the policy's rule, at least one quote invited from a borough
organisation, else from the region; per exercise, and per year and department."""

from dagster import AssetCheckResult, AssetExecutionContext, AssetSpec, MaterializeResult, asset_check, multi_asset

from assets.metadata import share_by_year, table_metadata
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

TABLES = ("mart_quote_compliance", "mart_quote_compliance_by_year")


@multi_asset(
    specs=[
        AssetSpec(
            "mart_quote_compliance",
            group_name="marts",
            deps=["quotations", "supplier_locations"],
            description="Per quotation exercise: invitees by ring, responses, award, and compliance with the "
            "local-quote rule (home, region, breach, not known) with the reason.",
        ),
        AssetSpec(
            "mart_quote_compliance_by_year",
            group_name="marts",
            deps=["mart_quote_compliance"],
            description="Per year and department: exercises, compliant by home or region, breaches, not known, "
            "the compliant share.",
        ),
    ],
)
def mart_quote_compliance(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Judge each exercise by where its invitees are, then count by year and department."""
    config = analysis.load()
    names = {"home_name": config.council_name, "region_name": config.region_name}
    with warehouse.connection() as con:
        create_table(con, "mart_quote_compliance", sql_beside(__file__, "mart_quote_compliance"), names)
        create_table(con, "mart_quote_compliance_by_year", sql_beside(__file__, "mart_quote_compliance_by_year"))
        described = {table: table_metadata(con, table) for table in TABLES}
        described["mart_quote_compliance_by_year"] |= share_by_year(
            con,
            "mart_quote_compliance_by_year",
            "compliant_share",
            "department = '(all departments)'",
            "exercises with a local invitee",
        )
        breaches = con.execute("SELECT count(*) FROM mart_quote_compliance WHERE compliance = 'breach'").fetchall()
    if breaches[0][0]:
        context.log.warning(
            f"{breaches[0][0]} quotation exercises invited no local supplier: see mart_quote_compliance"
        )
    for table in TABLES:
        yield MaterializeResult(asset_key=table, metadata=described[table])


@asset_check(
    asset="mart_quote_compliance_by_year",
    additional_deps=["mart_quote_compliance", "quotations"],
    blocking=True,
    description="Every invitee is in exactly one exercise, each exercise's rings add up to its invitees, and each "
    "year's departments add up to the year.",
)
def quote_compliance_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/quote_compliance_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(
            f"{what} ({year}): {found}, where {expected} was expected" for what, year, found, expected in problems
        )
        or None,
    )
