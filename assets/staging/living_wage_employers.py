"""Staging: the employers the Living Wage Foundation accredited, from the file the analysis names (`living_wage`).

The file is small and read whole every run. Without one, both tables are empty and mart_living_wage has no rows."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from assets.staging.registers import Register
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

TABLES = ("living_wage_employers", "living_wage_quarantine")
LIVING_WAGE_FILE = Register(
    "accredited employers' file", required=("name", "accredited_on"), optional=("company_number",)
)
_NO_RECORDS = (
    "CREATE OR REPLACE TEMP TABLE living_wage_records (source_file VARCHAR, source_line BIGINT, record VARCHAR,"
    " fields VARCHAR[], blank BOOLEAN)"
)


@multi_asset(
    specs=[
        AssetSpec(
            "living_wage_employers",
            group_name="ingest",
            description="One row per accredited Living Wage employer: name, company number, accredited on.",
        ),
        AssetSpec(
            "living_wage_quarantine",
            group_name="ingest",
            description="Lines of the accredited employers' file not used: source_file, source_line, reason, line.",
        ),
    ],
)
def living_wage_employers(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Read the accredited employers' file with the ledger's reader; lines that cannot be used are quarantined."""
    config = analysis.load()
    with warehouse.connection() as con:
        if config.living_wage_path is None:
            con.execute(_NO_RECORDS)
            positions = {f"{c}_col": None for c in LIVING_WAGE_FILE.required + LIVING_WAGE_FILE.optional}
            params = {"header_line": 0, "header_fields": 0, **positions}
        else:
            file = LIVING_WAGE_FILE.table(config.living_wage_path, config.config_dir, warehouse.scratch("living_wage"))
            params = LIVING_WAGE_FILE.read(con, "living_wage_records", file)
        params.pop("header_fields")
        rows = sql_beside(__file__, "steps/living_wage_rows")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE living_wage_rows AS {rows}", {**params, "day_first": config.day_first}
        )
        counts = {name: create_table(con, name, sql_beside(__file__, name)) for name in TABLES}
    if counts["living_wage_quarantine"]:
        context.log.warning(f"{counts['living_wage_quarantine']} lines quarantined: see living_wage_quarantine")
    for table in TABLES:
        yield MaterializeResult(asset_key=table, metadata={"rows": counts[table]})
