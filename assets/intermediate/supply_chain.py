"""Intermediate: where the money goes next (`supply_chain`): the suppliers' answers to a re-spend survey and the
subcontracts they declare, each line loaded or quarantined with its reason.

A survey's or subcontract's supplier is linked to a party as ledger payees are (register_parties), so this step
follows supplier matching; a subcontractor is placed by supplier_locations as a supplier is. Without the key (or
either file) the tables are empty."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from assets.intermediate.register_parties import link_contract_parties, link_parties
from assets.staging.registers import Register
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

SURVEYS_FILE = Register(
    "supplier surveys file",
    required=(
        "fiscal_year",
        "staff_share",
        "staff_home_share",
        "staff_region_share",
        "purchases_share",
        "purchases_home_share",
        "purchases_region_share",
    ),
    optional=("supplier_id", "supplier_name", "company_number"),
)
SUBCONTRACTS_FILE = Register(
    "subcontracts file",
    required=("subcontractor_name", "amount", "fiscal_year"),
    optional=("contract_id", "supplier_id", "supplier_name", "supplier_company_number", "postcode", "company_number"),
)
DESCRIPTIONS = {
    "supplier_surveys": "One row per supplier and year surveyed: shares of income on staff and purchases, and of "
    "each in the home area and the region.",
    "survey_quarantine": "Lines of the supplier surveys file not used: source_file, source_line, reason, line.",
    "subcontracts": "One row per declared subcontract: contract, supplier's party, subcontractor, amount, year.",
    "subcontract_quarantine": "Lines of the subcontracts file not used: source_file, source_line, reason, line.",
}


@multi_asset(
    specs=[
        AssetSpec(name, group_name="location", description=about, deps=["contracts", "suppliers", "supplier_matches"])
        for name, about in DESCRIPTIONS.items()
    ],
)
def supply_chain(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Read the surveys and the subcontracts, link their suppliers, and quarantine what cannot be used."""
    config = analysis.load()
    with warehouse.connection() as con:
        for register, rows, key in (
            (SURVEYS_FILE, "survey_rows", "surveys"),
            (SUBCONTRACTS_FILE, "subcontract_rows", "subcontracts"),
        ):
            path = config.supply_chain_path(key)
            register.load(
                con,
                rows,
                sql_beside(__file__, f"steps/{rows}"),
                [] if path is None else [path],
                config.config_dir,
                warehouse.scratch(rows),
                day_first=config.day_first,
            )
        link_parties(
            con,
            "survey_links",
            "SELECT source_line AS register_key, supplier_id, name_key, company_number_key FROM survey_rows",
        )
        link_contract_parties(con, "contract_links")
        link_parties(
            con,
            "subcontract_links",
            "SELECT source_line AS register_key, supplier_id, supplier_name_key AS name_key,"
            " supplier_company_number_key AS company_number_key FROM subcontract_rows WHERE contract_id IS NULL",
        )
        for step in ("surveys_linked", "subcontracts_linked"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {step} AS {sql_beside(__file__, 'steps/' + step)}")
        counts = {name: create_table(con, name, sql_beside(__file__, name)) for name in DESCRIPTIONS}
    for quarantine in ("survey_quarantine", "subcontract_quarantine"):
        if counts[quarantine]:
            context.log.warning(f"{counts[quarantine]} lines quarantined: see {quarantine}")
    for name in DESCRIPTIONS:
        yield MaterializeResult(asset_key=name, metadata={"rows": counts[name]})
