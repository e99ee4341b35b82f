"""Running the SQL that sits beside each asset, on connections that know the shared parsing macros."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
from dagster_duckdb import DuckDBResource

MACROS = Path(__file__).with_name("macros.sql")


def sql_beside(module_file: str, name: str) -> str:
    """The text of `name`.sql in the folder of the module `module_file`."""
    return (Path(module_file).parent / f"{name}.sql").read_text(encoding="utf-8")


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(MACROS.read_text(encoding="utf-8"))


@contextmanager
def warehouse(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse with the parsing macros installed. Closed even when the block fails:
    DuckDBResource.get_connection closes only on success, and a connection left open (held by a traceback) stops
    any other connection with different settings, e.g. read-only, from opening the file in this process."""
    with resource.get_connection() as con:
        try:
            install_macros(con)
            yield con
        finally:
            con.close()


#: Schema of the bookkeeping that lets a run redo only what changed (what each suite found, what was located,
#: fuzzy scores): the pipeline's, not for analysis.
STATE_SCHEMA = "pipeline_state"


def state_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The qualified name of bookkeeping table `name`, its schema created if need be."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    return f"{STATE_SCHEMA}.{name}"


def built_from(con: duckdb.DuckDBPyConnection, *tables: str) -> str | None:
    """The fingerprint the first of `tables` was stamped with (its comment; see `stamp`), when all of them exist."""
    found = dict(
        con.execute(
            "SELECT table_name, comment FROM duckdb_tables()"
            " WHERE schema_name = 'main' AND NOT temporary AND list_contains($t, table_name)",
            {"t": list(tables)},
        ).fetchall()
    )
    return found.get(tables[0]) if len(found) == len(tables) else None


def stamp(con: duckdb.DuckDBPyConnection, table: str, fingerprint: str) -> None:
    """Record on `table` the fingerprint of what it was built from, so that a run can keep it while that holds."""
    con.execute(f"COMMENT ON TABLE {table} IS '{fingerprint}'")


def create_table(con: duckdb.DuckDBPyConnection, name: str, select: str, params: dict[str, Any] | None = None) -> int:
    """Replace table `name` with the result of `select`; return its row count."""
    con.execute(f"CREATE OR REPLACE TABLE {name} AS {select}", params or {})
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All the block's writes, or none of them: an error rolls back, so the previous tables stay whole."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):  # a failed COMMIT has already ended the transaction
            con.execute("ROLLBACK")
        raise


def publish(con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str, dict[str, Any] | None]]) -> dict[str, int]:
    """Replace several tables in one transaction."""
    with transaction(con):
        return {name: create_table(con, name, select, params) for name, select, params in tables}
