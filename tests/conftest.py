"""Shared fixtures: the sample run once per session, a scratch analysis builder, and ../shared for real data."""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"


def shared_path(relative: str) -> Path:
    """A path in ../shared; the test is skipped, saying why, only where ../shared is absent."""
    path = SHARED / relative
    if not SHARED.is_dir():
        pytest.skip(f"real-data test: {SHARED} is absent on this machine (CI always has it)")
    assert path.exists(), f"{path} is missing from ../shared"
    return path


def run_analysis(config_path: Path):
    """Materialise every asset and run every check for one analysis, in process."""
    from pipelines.definitions import build_definitions

    defs = build_definitions(config_path)
    return defs.resolve_job_def("spend").execute_in_process(raise_on_error=False)


def materialize_published(assets, config_path: Path, warehouse_path: Path | None = None, **kwargs):
    """Materialise `assets` alone for one analysis, then publish what they built, as the spend job's last step
    would (its published_runs step summarises a ledger these assets may not build)."""
    from dagster import asset, materialize

    from assets.warehouse import Warehouse
    from pipelines.config import load_config
    from pipelines.resources import SpendAnalysis

    @asset(deps=[key for built in assets for key in built.keys])
    def publish(warehouse: Warehouse) -> None:
        warehouse.publish()

    warehouse = Warehouse(path=str(warehouse_path or load_config(config_path).warehouse_path))
    resources = {"analysis": SpendAnalysis(config_path=str(config_path)), "warehouse": warehouse}
    return materialize([*assets, publish], resources=resources, **kwargs)


def link_payees(config):
    """Materialise the ledger, suppliers, companies and the matching only."""
    from assets.intermediate.supplier_matching import supplier_matching
    from assets.staging.companies import companies
    from assets.staging.ledger import ledger
    from assets.staging.suppliers import supplier_master

    return materialize_published([ledger, supplier_master, companies, supplier_matching], config, raise_on_error=False)


def query(config_path: Path, sql: str, params=None) -> list[tuple]:
    from pipelines.config import load_config

    with duckdb.connect(str(load_config(config_path).warehouse_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory) -> Path:
    """The committed sample copied to a scratch folder (its warehouse is written there)."""
    target = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE_DIR, target, ignore=shutil.ignore_patterns("out"))
    return target / "analysis.yaml"


@pytest.fixture(scope="session")
def sample_run(sample_copy):
    result = run_analysis(sample_copy)
    return sample_copy, result


#: The postcode directory of the `analysis` fixture: one postcode in each ring.
POSTCODES = {"Q1 1AA": "E08000018", "QS1 1AA": "E08000039", "QM1 1AA": "E08000003"}


@pytest.fixture
def analysis(tmp_path):
    """Write a small analysis folder: ledger files, supplier file and a postcode directory holding POSTCODES.

    Keyword arguments override keys of the analysis file; None removes a key."""

    def make(ledger_files: dict[str, bytes], supplier_file: bytes | None = None, **overrides) -> Path:
        (tmp_path / "ledger").mkdir(exist_ok=True)  # ledger_files may be empty (a landing-only analysis)
        for name, content in ledger_files.items():
            (tmp_path / "ledger" / name).write_bytes(content)
        (tmp_path / "suppliers.csv").write_bytes(supplier_file or b"supplier_id,supplier_name,postcode\n")
        directory = tmp_path / "codepoint" / "Data" / "CSV"
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
        config = tmp_path / "analysis.yaml"
        config.write_text("".join(f"{k}: {v}\n" for k, v in lines.items() if v is not None))
        return config

    return make
