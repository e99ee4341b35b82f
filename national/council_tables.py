"""The national run's per-council asset: one partition per council (its key, core/registry.py), which runs the
council's own spend job exactly as `spend run` does (its instance, warehouse, checks and snapshot), then writes the
tables that snapshot publishes to the national storage as Parquet: one folder per table, partitioned by council and,
where the table has one, fiscal year (`<storage>/<table>/council=<key>/fiscal_year=<year>/`). Only this process
writes this council's folders, and no process writes another's DuckDB file. A council whose run does not publish
fails its partition alone and leaves its folders as the last good run wrote them."""

import shutil
from pathlib import Path
from urllib.parse import quote

from dagster import (
    AssetExecutionContext,
    ConfigurableResource,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    RetryPolicy,
    asset,
)

from core.as_of import AS_OF_TAG
from core.config import load_config
from core.registry import Registry, load_registry
from core.snapshot import open_snapshot
from core.sql import columns_of
from pipelines.run import run_analysis

COUNCILS = DynamicPartitionsDefinition(name="councils")
#: The national storage's folder where a council's tables are written before they replace its last ones.
STAGING = ".staging"


class NationalRegistry(ConfigurableResource):
    """The registry file of the national run (councils.yaml)."""

    registry_path: str

    def load(self) -> Registry:
        return load_registry(self.registry_path)


#: A council's tables' state in the storage (`<storage>/.councils/<key>`, council_state): `replacing` from before its
#: folders are replaced until all are, then `whole`. A run stopped in between leaves `replacing`: its tables are
#: from two runs.
STATES, REPLACING, WHOLE = ".councils", "replacing", "whole"


def council_state(storage: Path, key: str) -> str | None:
    """`whole`, `replacing`, or None when no run of the council has written its tables."""
    path = storage / STATES / key
    return path.read_text() if path.exists() else None


def _set_state(storage: Path, key: str, state: str) -> None:
    partial = storage / STATES / f"{key}.partial"
    partial.parent.mkdir(exist_ok=True)
    partial.write_text(state)
    partial.replace(storage / STATES / key)


def council_folder(key: str) -> str:
    """The folder of a council's partition of a table: DuckDB's hive partitioning writes a key's '+' as %2B (and
    reads it back as '+')."""
    return f"council={quote(key, safe='')}"


def write_council_tables(warehouse: Path, key: str, storage: Path) -> dict[str, int]:
    """Write every table of the council's snapshot under `storage` as its partition; rows written per table. The
    council's folder of each table is replaced by renaming, so a reader sees its old rows or its new ones, and its
    state says whether all its tables are from one run."""
    staging = storage / STAGING / key
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    written = {}
    with open_snapshot(warehouse) as con:
        tables = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for table in tables:
            by = "council, fiscal_year" if "fiscal_year" in columns_of(con, table) else "council"
            select = f"SELECT *, '{key}' AS council FROM {table}"  # key: checked LAD codes and '+'
            written[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            if written[table]:
                con.execute(f"COPY ({select}) TO '{staging / table}' (FORMAT parquet, PARTITION_BY ({by}))")
    retired = storage / STAGING / f"{key}.retired"  # outside the tables' folders: readers never see it
    shutil.rmtree(retired, ignore_errors=True)
    folder = council_folder(key)
    missing = [table for table in tables if written[table] and not (staging / table / folder).is_dir()]
    if missing:
        raise RuntimeError(f"council {key}: DuckDB did not write {staging / missing[0] / folder}")
    folders = {p.name for p in storage.iterdir() if (p / folder).is_dir()} | set(tables)
    _set_state(storage, key, REPLACING)
    for table in sorted(folders):
        _replace(staging / table / folder, storage / table / folder, retired / table)
    _set_state(storage, key, WHOLE)
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(staging)
    return written


def _replace(new: Path, old: Path, retired: Path) -> None:
    """Put `new` where `old` is, moving `old` aside first; without `new` (no rows now), `old` just goes."""
    if old.exists():
        retired.parent.mkdir(parents=True, exist_ok=True)
        old.rename(retired)
    if new.exists():
        old.parent.mkdir(parents=True, exist_ok=True)
        new.rename(old)


@asset(partitions_def=COUNCILS, retry_policy=RetryPolicy(max_retries=1), group_name="national")
def council_tables(context: AssetExecutionContext, registry: NationalRegistry) -> MaterializeResult:
    """One council's published tables in the national storage, from a run of its own analysis."""
    found = registry.load()
    councils = found.councils()
    key = context.partition_key
    if key not in councils:
        raise Failure(f"no council {key} in {registry.registry_path}", allow_retries=False)
    outcome = run_analysis(councils[key], as_of=context.run.tags.get(AS_OF_TAG))
    if not outcome.published:
        problems = "; ".join(outcome.problems)  # the council's data: running it again would not help
        raise Failure(f"council {key}: the run over {councils[key]} failed: {problems}", allow_retries=False)
    for note in outcome.notes:
        context.log.warning(f"council {key}: {note}")
    written = write_council_tables(load_config(councils[key]).warehouse_path, key, found.storage_path)
    return MaterializeResult(metadata={"run_id": outcome.run_id, "tables": len(written), "rows": sum(written.values())})
