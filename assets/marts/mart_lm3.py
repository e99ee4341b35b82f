"""Marts: where the money goes next. NEF's Local Multiplier 3 from the ledger, the suppliers' places and their
re-spend surveys; the flows from the council through its suppliers to staff, purchases and subcontractors; and the
subcontracts the suppliers declare."""

from dagster import AssetCheckResult, AssetExecutionContext, AssetSpec, MaterializeResult, asset_check, multi_asset

from assets.intermediate.register_parties import link_contract_parties
from assets.marts.bases import create_base_views
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.formatting import percent
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

INPUTS = ["located_transactions", "supplier_locations", "supplier_surveys", "subcontracts", "contracts"]
TABLES = ("mart_lm3", "mart_supply_chain_flows", "mart_subcontract_spend")


@multi_asset(
    specs=[
        AssetSpec(
            "mart_lm3",
            group_name="marts",
            deps=[*INPUTS, "suppliers", "supplier_matches"],
            description="LM3 per year, base and area (home; home and region), overall and per supplier, department, "
            "sector and contract: R1, R2, R3 (local suppliers, and every supplier), coverage, the method for the "
            "rest.",
        ),
        AssetSpec(
            "mart_supply_chain_flows",
            group_name="marts",
            deps=INPUTS,
            description="Per year and area: council -> suppliers -> staff, purchases, retained; suppliers -> "
            "subcontractors as declared. Ready for a Sankey.",
        ),
        AssetSpec(
            "mart_subcontract_spend",
            group_name="marts",
            deps=INPUTS,
            description="Per year, supplier and contract: declared subcontracts by the subcontractor's ring, against "
            "the ledger's payments (a larger declaration flagged).",
        ),
    ],
)
def mart_lm3(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Give each payment its supplier's re-spend, then sum the three rounds, the flows and the declarations."""
    config = analysis.load()
    method = config.supply_chain.non_respondents if config.supply_chain else "exclude"
    with warehouse.connection() as con:
        create_base_views(con, config)
        link_contract_parties(con, "lm3_contract_parties")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE payment_respend AS {sql_beside(__file__, 'steps/payment_respend')}",
            {"non_respondents": method, "configured": config.supply_chain is not None},
        )
        params = {"mart_lm3": {"non_respondents": method}}
        for table in TABLES:
            create_table(con, table, sql_beside(__file__, table), params.get(table))
        described = {table: table_metadata(con, table) for table in TABLES}
        headline = con.execute(
            "SELECT fiscal_year, lm3, coverage FROM mart_lm3"
            " WHERE base = 'all' AND area = 'home' AND dimension = 'overall' ORDER BY fiscal_year"
        ).fetchall()
    if config.supply_chain and config.supply_chain.surveys:
        context.log.info(
            "LM3 (home, all spend): "
            + "; ".join(
                f"{year} {lm3:.2f} (surveys cover {coverage or 0:.0%} of R2)" for year, lm3, coverage in headline
            )
        )
    for table in TABLES:
        lm3 = {
            f"LM3 {year} (home, all spend)": f"{value:.2f}, surveys cover {percent(coverage or 0)} of R2"
            for year, value, coverage in headline
            if table == "mart_lm3"
        }
        yield MaterializeResult(asset_key=table, metadata={**described[table], "non_respondents": method, **lm3})


@asset_check(
    asset="mart_supply_chain_flows",
    additional_deps=["mart_lm3", "mart_subcontract_spend", "mart_local_spend_by_year", "subcontracts"],
    blocking=True,
    description="What flows into each supplier node flows out or stays; the council pays out R1, which is the year's "
    "total; departments, sectors and suppliers add up to the year; declarations add up to the subcontracts.",
)
def supply_chain_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/supply_chain_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(f"{what}: {found}, where {expected}" for what, found, expected in problems[:12]) or None,
    )
