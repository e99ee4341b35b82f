"""Running the SQL that sits beside each asset, on connections that know the shared parsing macros."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

MACROS = Path(__file__).with_name("macros.sql")


def sql_beside(module_file: str, name: str) -> str:
    """The text of `name`.sql in the folder of the module `module_file`."""
    return (Path(module_file).parent / f"{name}.sql").read_text(encoding="utf-8")


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal, for the few statements DuckDB cannot take a parameter in (read_csv's
    file list and column types)."""
    return "'" + text.replace("'", "''") + "'"


def fill_placeholders(sql: str, expressions: dict[str, str]) -> str:
    """`sql` with each placeholder (`{name}`) of `expressions` replaced by its SQL: for what must be written into a
    query rather than passed as a value (a regular expression passed as a value is compiled again on every row)."""
    for placeholder, expression in expressions.items():
        sql = sql.replace(placeholder, expression)
    return sql


def matches(column: str, pattern: str) -> str:
    """The SQL test that `column` matches the regular expression `pattern` somewhere (false for NULL), the pattern
    written as a literal so that DuckDB compiles it once."""
    return f"coalesce(regexp_matches({column}, {sql_literal(pattern)}), false)"


def first_that_holds(cases: list[tuple[str, str]]) -> str:
    """The SQL expression whose value is that of the first (condition, value) case whose condition holds, and a
    NULL VARCHAR when none does (or there are no cases)."""
    if not cases:
        return "CAST(NULL AS VARCHAR)"
    return "CASE " + " ".join(f"WHEN {condition} THEN {value}" for condition, value in cases) + " END"


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(MACROS.read_text(encoding="utf-8"))


#: Schema of the bookkeeping that lets a run redo only what changed (what each suite found, what was located,
#: fuzzy scores): the pipeline's, not for analysis.
STATE_SCHEMA = "pipeline_state"


def state_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The qualified name of bookkeeping table `name`, its schema created if need be."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    return f"{STATE_SCHEMA}.{name}"


def columns_of(con: duckdb.DuckDBPyConnection, table: str, schema: str = "main") -> set[str]:
    """The columns of table `table` of `schema`; empty when there is no such table."""
    return {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND NOT internal AND table_name = ?",
            [schema, table],
        ).fetchall()
    }


def create_table(con: duckdb.DuckDBPyConnection, name: str, select: str, params: dict[str, Any] | None = None) -> int:
    """Replace table `name` with the result of `select`; return its row count."""
    con.execute(f"CREATE OR REPLACE TABLE {name} AS {select}", params or {})
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


def counts_by(con: duckdb.DuckDBPyConnection, table: str, column: str) -> dict[str, int]:
    """Rows of `table` by the values of `column`, for a step's log and metadata."""
    return dict(con.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall())
