"""Staging: the social value inputs (`social_value`): the framework's measures, the contracts register, the
contracts' commitments and the suppliers' quarterly returns, each line loaded or quarantined with its reason.

Commitments and returns are judged against the contracts and the framework, so the four are read in that order in
one step. Without `social_value` every table is empty, and the framework is the policy's six outcomes."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from assets.staging.portal_returns import SOURCE as PORTAL
from assets.staging.portal_returns import write_portal_returns
from assets.staging.registers import Register
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

CONTRACTS_FILE = Register(
    "contracts register",
    required=("contract_id", "value", "start_date", "end_date"),
    optional=("title", "supplier_id", "supplier_name", "company_number", "department", "category"),
)
COMMITMENTS_FILE = Register(
    "commitments file", required=("contract_id", "measure_id", "quantity"), optional=("fiscal_year",)
)
RETURNS_FILE = Register(
    "returns file",
    required=("contract_id", "measure_id", "quarter", "quantity"),
    optional=("evidence", "submitted_on", "status", "verified_quantity", "verified_on", "note"),
)
#: Each register, the temp table of its rows (steps/<rows>.sql), and the tables made from them, in reading order.
REGISTERS = (
    (CONTRACTS_FILE, "contract_rows", ("contracts", "contract_quarantine")),
    (COMMITMENTS_FILE, "commitment_rows", ("commitments", "commitment_quarantine")),
    (RETURNS_FILE, "return_rows", ("social_value_returns", "return_quarantine")),
)
DESCRIPTIONS = {
    "social_value_measures": "The framework's measures: id, outcome, title, unit, proxy value in £ per unit.",
    "contracts": "One row per contract of the register: supplier as named, value, start and end, department.",
    "contract_quarantine": "Lines of the contracts register not used: source_file, source_line, reason, line.",
    "commitments": "One row per commitment: contract, measure, quantity, over the contract or in one year.",
    "commitment_quarantine": "Lines of the commitments file not used: source_file, source_line, reason, line.",
    "social_value_returns": "Every usable quarterly return with its verification; `counts`: the latest submission "
    "for its contract, measure and quarter.",
    "return_quarantine": "Lines of the returns files not used: source_file, source_line, reason, line.",
}
_FRAMEWORK = (
    "CREATE OR REPLACE TEMP TABLE framework_measures (position INTEGER, measure_id VARCHAR, outcome_id VARCHAR,"
    " outcome_title VARCHAR, measure_title VARCHAR, unit VARCHAR, proxy_value DECIMAL(18, 4))"
)


@multi_asset(
    specs=[AssetSpec(name, group_name="ingest", description=about) for name, about in DESCRIPTIONS.items()],
)
def social_value(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Load the framework's measures, then each register in turn; lines that cannot be used are quarantined."""
    config = analysis.load()
    paths = {
        "contract_rows": [p for p in [config.social_value_path("contracts")] if p],
        "commitment_rows": [p for p in [config.social_value_path("commitments")] if p],
        "return_rows": config.return_paths,
    }
    shown_as = {}
    if config.social_value is not None and config.social_value.portal is not None:
        portal = warehouse.scratch("portal_returns") / "returns.csv"
        lines = write_portal_returns(config.social_value.portal, config.config_dir, portal)
        context.log.info(f"{lines} return lines read from the suppliers' portal")
        paths["return_rows"] = [*paths["return_rows"], portal]
        shown_as[portal] = PORTAL
    with warehouse.connection() as con:
        con.execute(_FRAMEWORK)
        measures = [(n, *row) for n, row in enumerate(config.framework.measure_rows(), start=1)]
        if measures:
            con.executemany("INSERT INTO framework_measures VALUES (?, ?, ?, ?, ?, ?, ?)", measures)
        counts = {
            "social_value_measures": create_table(
                con, "social_value_measures", sql_beside(__file__, "social_value_measures")
            )
        }
        for register, rows, tables in REGISTERS:
            register.load(
                con,
                rows,
                sql_beside(__file__, f"steps/{rows}"),
                paths[rows],
                config.config_dir,
                warehouse.scratch(rows),
                shown_as,
                day_first=config.day_first,
            )
            counts |= {name: create_table(con, name, sql_beside(__file__, name)) for name in tables}
    for _, _, (_, quarantine) in REGISTERS:
        if counts[quarantine]:
            context.log.warning(f"{counts[quarantine]} lines quarantined: see {quarantine}")
    for name in DESCRIPTIONS:
        yield MaterializeResult(asset_key=name, metadata={"rows": counts[name]})
