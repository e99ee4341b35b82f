"""Staging: the council's supplier master, one row per supplier, keyed for matching to the ledger."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from assets.fingerprints import fingerprint, keep_fingerprint, kept_fingerprint
from assets.staging import source_files
from assets.staging.registers import Register
from core.config import SUPPLIER_TYPES, SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

TABLES = ("suppliers", "supplier_quarantine")
SUPPLIER_FILE = Register(
    "supplier file",
    required=("supplier_name", "postcode"),
    optional=(
        "supplier_id",
        "country",
        "company_number",
        "charity_number",
        "supplier_type",  # one of core.config.SUPPLIER_TYPES: decides the supplier's type over any other evidence
        "size",  # micro, small, medium, large or sme: the supplier's size where Companies House does not say
        "sic_code",  # a SIC 2007 code or section letter: the supplier's sector where Companies House does not say
        "local_site_postcode",  # a declared site in the area: "based or branched" (CLES)
        "easting",  # a point in British National Grid, for suppliers whose postcode does not place them
        "northing",
        "latitude",  # or the same point in WGS84
        "longitude",
    ),
)


@multi_asset(
    specs=[
        AssetSpec(
            "suppliers",
            group_name="ingest",
            description="One row per supplier in the supplier file, with normalised name and postcode keys.",
        ),
        AssetSpec(
            "supplier_quarantine",
            group_name="ingest",
            description="Supplier file rows not used: source_file, source_line, reason and the raw row.",
        ),
    ],
)
def suppliers(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Read the supplier file with the same CSV reader as the ledger. Kept when the file (by content) and the
    reading rules are those the tables were built from: the supplier file rarely changes between monthly runs."""
    config = analysis.load()
    with warehouse.connection() as con:
        file = SUPPLIER_FILE.table(config.suppliers_path, config.config_dir, warehouse.scratch("suppliers"))
        built_from = fingerprint("suppliers", file.source_file, file.sha256, file.encoding)
        read = kept_fingerprint(con, "suppliers", *TABLES) != built_from
        if not read:
            context.log.info(f"{file.source_file} unchanged since it was read: tables kept")
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
        else:
            counts = _read_supplier_file(con, file, built_from)
    if counts["supplier_quarantine"]:
        context.log.warning(f"{counts['supplier_quarantine']} supplier rows quarantined: see supplier_quarantine")
    yield MaterializeResult(asset_key="suppliers", metadata={"rows": counts["suppliers"], "read this run": read})
    yield MaterializeResult(asset_key="supplier_quarantine", metadata={"rows": counts["supplier_quarantine"]})


def _read_supplier_file(con, file: source_files.SourceFile, built_from: str) -> dict[str, int]:
    """Build suppliers and supplier_quarantine from the file, and keep the fingerprint they were built from."""
    params = {**SUPPLIER_FILE.read(con, "supplier_records", file), "supplier_types": list(SUPPLIER_TYPES)}
    con.execute(f"CREATE OR REPLACE TEMP TABLE supplier_rows AS {sql_beside(__file__, 'steps/supplier_rows')}", params)
    counts = {name: create_table(con, name, sql_beside(__file__, name)) for name in TABLES}
    keep_fingerprint(con, "suppliers", built_from)
    return counts
