"""Registries for tests: copies of the sample as councils of other LAD codes, a registry file listing them, and
what a national run's storage must hold."""

import shutil
from pathlib import Path

import duckdb

from core.snapshot import open_snapshot
from tests.helpers import SAMPLE_DIR

SOUTH_YORKSHIRE = "  South Yorkshire: [E08000016, E08000017, E08000018, E08000019, E08000039]\n"


def council_copy(folder: Path, name: str, home: str) -> str:
    """A copy of the sample as council `home`; its analysis file, relative to `folder`."""
    shutil.copytree(SAMPLE_DIR, folder / name, ignore=shutil.ignore_patterns("out"))
    config = folder / name / "analysis.yaml"
    config.write_text(config.read_text().replace("home_lad_codes: [E08000018]", f"home_lad_codes: [{home}]"))
    return f"{name}/analysis.yaml"


def write_registry(folder: Path, analyses: list[str], groups: str = SOUTH_YORKSHIRE) -> Path:
    registry = folder / "councils.yaml"
    registry.write_text(f"analyses: [{', '.join(analyses)}]\ngroups:\n{groups}")
    return registry


def assert_tables_are_single_runs(storage: Path, warehouses: dict[str, Path]) -> None:
    """The councils' tables the national tables read are, to the penny (DECIMAL kept), those each council's own
    snapshot published, and no other council's are there."""
    for table in ("mart_local_spend_by_year", "mart_supplier_spend", "mart_spend_by_lad"):
        dataset = f"read_parquet('{storage}/{table}/*/*/*.parquet', hive_partitioning = true)"
        with duckdb.connect() as con:
            columns = [name for (name, *_) in con.execute(f"DESCRIBE SELECT * FROM {dataset}").fetchall()]
            kept = ", ".join(c for c in columns if c != "council")
            national = con.execute(f"SELECT council, {kept} FROM {dataset} ORDER BY ALL").fetchall()
        assert {row[0] for row in national} == set(warehouses)
        for key, warehouse in warehouses.items():
            with open_snapshot(warehouse) as con:
                single = con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()
            assert [row[1:] for row in national if row[0] == key] == single, (table, key)
    assert not any((storage / ".staging").iterdir())
