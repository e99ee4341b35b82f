"""Marts: social value on the contracts register, tied to the ledger: per contract (its supplier placed as payees
are, the policy's threshold, committed, delivered and verified social value, returns due, late and missing, what the
ledger paid within its dates), per contract and measure, per year, quarter, outcome and measure, and the returns
awaiting verification by age."""

from dagster import AssetCheckResult, AssetExecutionContext, AssetSpec, MaterializeResult, asset_check, multi_asset

from assets.intermediate.register_parties import link_contract_parties
from assets.metadata import table_metadata
from core.as_of import run_as_of
from core.config import SpendAnalysis
from core.formatting import money
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

INPUTS = ["contracts", "commitments", "social_value_returns", "social_value_measures"]
TABLES = (
    "mart_contract_social_value_measures",
    "mart_contract_social_value",
    "mart_social_value_by_outcome",
    "mart_social_value_backlog",
)


@multi_asset(
    specs=[
        AssetSpec(
            "mart_contract_social_value",
            group_name="marts",
            deps=[*INPUTS, "suppliers", "supplier_matches", "supplier_locations", "located_transactions"],
            description="Per contract: supplier linked and placed, value, over the threshold, commitments (none "
            "over it: a breach), social value committed / delivered / verified in £ and as a share of value, returns "
            "due, received, late, missing, the ledger's payments within its dates.",
        ),
        AssetSpec(
            "mart_contract_social_value_measures",
            group_name="marts",
            deps=INPUTS,
            description="Per contract and measure: committed, delivered, verified, rejected and pending quantities, "
            "and £ at the proxy value.",
        ),
        AssetSpec(
            "mart_social_value_by_outcome",
            group_name="marts",
            deps=INPUTS,
            description="Per year, quarter, outcome and measure: committed, delivered, verified, rejected, pending in "
            "units and £, and the returns awaiting verification.",
        ),
        AssetSpec(
            "mart_social_value_backlog",
            group_name="marts",
            deps=INPUTS,
            description="The returns awaiting verification as of the run's day, per outcome, measure and age.",
        ),
    ],
)
def mart_contract_social_value(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Link each contract's supplier, lay out its quarters, then sum commitments and returns three ways."""
    config = analysis.load()
    settings = config.social_value
    as_of = run_as_of(context)
    params = {
        "mart_contract_social_value_measures": {},
        "mart_contract_social_value": {"threshold": str(settings.threshold if settings else 0)},
        "mart_social_value_by_outcome": {},
        "mart_social_value_backlog": {"as_of": as_of},
    }
    with warehouse.connection() as con:
        link_contract_parties(con, "contract_parties")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE contract_quarters AS {sql_beside(__file__, 'steps/contract_quarters')}",
            {"as_of": as_of, "return_due_days": settings.return_due_days if settings else 0},
        )
        for table in TABLES:
            create_table(con, table, sql_beside(__file__, table), params[table])
        described = {table: table_metadata(con, table) for table in TABLES}
        breaches, missing, committed, delivered, verified = con.execute(
            "SELECT count(*) FILTER (WHERE policy_breach), coalesce(sum(returns_missing), 0), sum(committed_value),"
            " sum(delivered_value), sum(verified_value) FROM mart_contract_social_value"
        ).fetchall()[0]
    if breaches:
        context.log.warning(f"{breaches} contracts over the threshold carry no commitment (mart_contract_social_value)")
    for table in TABLES:
        metadata = described[table]
        if table == "mart_contract_social_value":
            metadata |= {"policy breaches": breaches, "returns missing": int(missing), "as of": str(as_of)}
            metadata |= {"committed": money(committed), "delivered": money(delivered), "verified": money(verified)}
        yield MaterializeResult(asset_key=table, metadata=metadata)


@asset_check(
    asset="mart_contract_social_value",
    additional_deps=[
        "mart_contract_social_value_measures",
        "mart_social_value_by_outcome",
        "mart_social_value_backlog",
        "social_value_returns",
    ],
    blocking=True,
    description="Contracts' measures add up to the years' and to the counted returns, quarters to their year, each "
    "contract's £ to its measures', and no measure is verified above what was delivered.",
)
def social_value_adds_up(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        problems = con.execute(sql_beside(__file__, "steps/social_value_adds_up")).fetchall()
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(f"{what}: {found}, where {expected}" for what, found, expected in problems) or None,
    )
