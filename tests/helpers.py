"""What tests share: paths, running an analysis or some of its assets, reading its warehouse and run metadata."""

import os
import tempfile
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# the tests' own cache of reference data (core/cache.py), never the machine's
os.environ.setdefault("SPEND_CACHE", tempfile.mkdtemp(prefix="spend-cache-"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"
#: A day before any year a ledger can hold closes (dates from 1990 on are read): runs as of it freeze nothing.
YEARS_OPEN = "1990-01-01"
#: The postcode directory of the `analysis` fixture: one postcode in each ring.
POSTCODES = {"Q1 1AA": "E08000018", "QS1 1AA": "E08000039", "QM1 1AA": "E08000003"}


def shared_path(relative: str) -> Path:
    """A path in ../shared; the test is skipped, saying why, only where ../shared is absent."""
    path = SHARED / relative
    if not SHARED.is_dir():
        pytest.skip(f"real-data test: {SHARED} is absent on this machine (CI always has it)")
    assert path.exists(), f"{path} is missing from ../shared"
    return path


def write_analysis(
    folder: Path, ledger_files: dict[str, bytes], supplier_file: bytes | None = None, **overrides
) -> Path:
    """Write a small analysis folder: ledger files, supplier file and a postcode directory holding POSTCODES.

    Keyword arguments override keys of the analysis file; None removes a key."""
    (folder / "ledger").mkdir(exist_ok=True)  # ledger_files may be empty (a landing-only analysis)
    for name, content in ledger_files.items():
        (folder / "ledger" / name).write_bytes(content)
    (folder / "suppliers.csv").write_bytes(supplier_file or b"supplier_id,supplier_name,postcode\n")
    directory = folder / "codepoint" / "Data" / "CSV"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "q.csv").write_text("\n".join(f'"{pc}",10,440000,390000,"E92000001","","","","{lad}",""'
                                              for pc, lad in POSTCODES.items()) + "\n")  # fmt: skip
    lines = {
        "council_name": "Test Council",
        "home_lad_codes": "[E08000018]",
        "region_name": "Test Region",
        "region_lad_codes": "[E08000019, E08000039]",
        "ledger": "[ledger/*.csv]",
        "suppliers": "suppliers.csv",
        "postcode_directories": "[codepoint]",
        "baseline_year": '"2019/20"',
        "warehouse": "out/test.duckdb",
        **overrides,
    }
    config = folder / "analysis.yaml"
    config.write_text("".join(f"{k}: {v}\n" for k, v in lines.items() if v is not None))
    return config


def run_analysis(config_path: Path, as_of: str | None = None):
    """Materialise every asset and run every check for one analysis, in process; `as_of` (YYYY-MM-DD): the day the
    run's figures are as of (which years are closed), else today."""
    from core.as_of import AS_OF_TAG
    from pipelines.definitions import build_definitions

    defs = build_definitions(config_path)
    tags = {AS_OF_TAG: as_of} if as_of else None
    return defs.resolve_job_def("spend").execute_in_process(raise_on_error=False, tags=tags)


def materialize_published(assets, config_path: Path, warehouse_path: Path | None = None, **kwargs):
    """Materialise `assets` alone for one analysis, then publish what they built with the spend job's own last
    step."""
    from dagster import materialize

    from assets.publish.published_runs import published_runs_asset
    from core.warehouse import Warehouse
    from pipelines.resources import analysis_resources

    keys = [key for built in assets for key in built.keys]
    publish = published_runs_asset(keys, [key.to_user_string() for key in keys])
    resources = analysis_resources(config_path)
    if warehouse_path is not None:
        resources["warehouse"] = Warehouse(path=str(warehouse_path))
    return materialize([*assets, publish], resources=resources, **kwargs)


def link_payees(config):
    """Materialise the ledger, suppliers, companies and the matching only."""
    from assets.intermediate.supplier_matching import supplier_matching
    from assets.staging.companies import companies
    from assets.staging.ledger import ledger
    from assets.staging.suppliers import suppliers

    return materialize_published([ledger, suppliers, companies, supplier_matching], config, raise_on_error=False)


def query(config_path: Path, sql: str, params=None) -> list[tuple]:
    from core.config import load_config

    with duckdb.connect(str(load_config(config_path).warehouse_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def metadata(result, asset: str, entry: str):
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == asset]
    return event.materialization.metadata[entry].value


def parsed_this_run(result) -> int:
    return metadata(result, "ledger_rows", "files parsed this run")


def judged_this_run(result) -> int:
    return metadata(result, "ledger_transactions", "rows judged this run")


def located_this_run(result) -> int:
    return metadata(result, "located_transactions", "rows located this run")
