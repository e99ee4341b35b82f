"""Running the SQL that sits beside each asset, on connections that know the shared parsing macros."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

MACROS = Path(__file__).with_name("macros.sql")


def sql_beside(module_file: str, name: str) -> str:
    """The text of `name`.sql in the folder of the module `module_file`."""
    return (Path(module_file).parent / f"{name}.sql").read_text(encoding="utf-8")


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(MACROS.read_text(encoding="utf-8"))


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


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The columns of table `table` of the main schema; empty when there is no such table."""
    return {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal AND table_name = ?",
            [table],
        ).fetchall()
    }


def create_table(con: duckdb.DuckDBPyConnection, name: str, select: str, params: dict[str, Any] | None = None) -> int:
    """Replace table `name` with the result of `select`; return its row count."""
    con.execute(f"CREATE OR REPLACE TABLE {name} AS {select}", params or {})
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
