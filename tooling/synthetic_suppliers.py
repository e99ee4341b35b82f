"""A synthetic supplier file for a real ledger published without supplier addresses.

Published spend files carry no postcodes; councils hold those in their finance system. To try the pipeline on a
published ledger, `spend synthetic-suppliers` gives every payee of the ledger a real postcode chosen by a hash of
its name. Before any run, it first loads the ledger and the postcode directories alone (and publishes them), so
that a new analysis can have its suppliers before its first run. The file says SYNTHETIC on every row: its
figures are for testing, never for publishing.
"""

from pathlib import Path

from core.config import AnalysisConfig
from core.places import analysis_places
from core.sql import columns_of, install_macros
from core.warehouse import open_published, open_warehouse

_SQL = Path(__file__).with_name("synthetic_suppliers.sql")


def _load_ledger_and_postcodes(config_path: Path) -> None:
    """Materialise the ledger and the postcode directories alone, and publish them."""
    from dagster import materialize

    from assets.publish.published_runs import published_runs_asset
    from assets.staging.ledger import ledger
    from assets.staging.postcode_directory import postcode_directories
    from pipelines.resources import analysis_resources

    built = [key for asset in (ledger, postcode_directories) for key in asset.keys]
    publish = published_runs_asset(built, [])
    result = materialize([ledger, postcode_directories, publish], resources=analysis_resources(config_path))
    if not result.success:
        raise RuntimeError(f"the ledger or the postcode directories of {config_path} could not be loaded")


def write_synthetic_suppliers(config: AnalysisConfig, out: Path, config_path: Path | None = None) -> int:
    """Write the file from the warehouse of a run over `config` (loading the ledger and the postcode directories
    first when no run has, given the analysis file `config_path`); return the number of suppliers."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if config_path is not None and not _has_ledger_and_postcodes(config.warehouse_path):
        _load_ledger_and_postcodes(config_path)
    home, region = analysis_places(config)
    with open_published(config.warehouse_path, "ledger_transactions") as con:
        install_macros(con)  # the ring and redaction rules of the pipeline itself
        frame = con.execute(
            _SQL.read_text(encoding="utf-8"),
            {
                "home_lad_codes": list(home.codes),
                "region_lad_codes": list(region.codes),
                "redaction_markers": [m.lower() for m in config.redaction_markers],
            },
        ).df()
    frame.to_csv(out, index=False)
    return len(frame)


def _has_ledger_and_postcodes(warehouse: Path) -> bool:
    if not warehouse.exists():
        return False
    with open_warehouse(warehouse, read_only=True) as con:
        return bool(columns_of(con, "ledger_transactions") and columns_of(con, "postcode_directory"))
