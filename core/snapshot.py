"""The snapshot: what a run published, copied into a DuckDB file of its own that the dashboard, the annual report
and the exports read.

DuckDB lets one process write a database file at a time, so a reader holding the warehouse open would stop a run,
and a run would lock a reader out. At its end a run that publishes writes the tables readers need to a new file
beside the warehouse and renames it over the last snapshot in one step: a reader sees the last snapshot or the new
one whole, never a part, and one holding the old file open goes on reading it undisturbed. When the snapshot was
made is the last row of its published_runs.
"""

import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

from core.sql import columns_of, sql_literal


class SnapshotMissing(Exception):
    """No run has published a snapshot beside this warehouse yet."""


def snapshot_path(warehouse: Path) -> Path:
    """The snapshot of the warehouse at `warehouse`: spend.duckdb's is spend.snapshot.duckdb, beside it."""
    return warehouse.with_name(f"{warehouse.stem}.snapshot.duckdb")


def write_snapshot(con: duckdb.DuckDBPyConnection, warehouse: Path, tables: Iterable[str]) -> Path:
    """Copy `tables` (those the warehouse holds) from `con`, outside any transaction, into a new snapshot, then
    move it over the last one at once."""
    target = snapshot_path(warehouse)
    partial = target.with_name(f"{target.name}.partial")
    partial.unlink(missing_ok=True)
    con.execute(f"ATTACH {sql_literal(partial.as_posix())} AS published_snapshot")
    try:
        for table in tables:
            if columns_of(con, table):
                con.execute(f"CREATE TABLE published_snapshot.main.{table} AS FROM main.{table}")
    finally:
        con.execute("DETACH published_snapshot")
    os.replace(partial, target)
    return target


def open_snapshot(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the last snapshot beside `warehouse`, which never waits for a run."""
    path = snapshot_path(warehouse)
    if not path.is_file():
        raise SnapshotMissing(
            f"{path} does not exist: no run has published a snapshot yet (run `spend run --config <analysis.yaml>`)"
        )
    return duckdb.connect(str(path), read_only=True)
