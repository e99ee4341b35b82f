"""`spend export`: every table of the snapshot as Parquet and as CSV for Excel and BI tools, with a data dictionary.

CSV files are UTF-8 with a byte-order mark, which Excel needs to read £ and accented names right. The data dictionary
(data_dictionary.csv, and .parquet) has one row per table (column empty: what the table holds) and one per column:
its DuckDB type, how it is written (money, share, count, ...) and what it means, from core/columns.py.
"""

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from core.columns import column_kind, column_meaning, table_meaning
from core.sql import sql_literal

#: Tables of the snapshot that are not exported: the district boundaries the map draws are the analysis's own
#: reference files, not figures.
NOT_EXPORTED = {"lad_boundaries"}
BOM = b"\xef\xbb\xbf"


def exported_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name").fetchall()
    return [table for (table,) in tables if table not in NOT_EXPORTED]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of `table`, in order."""
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
    ).fetchall()


def data_dictionary(con: duckdb.DuckDBPyConnection, tables: list[str]) -> pd.DataFrame:
    rows = []
    for table in tables:
        rows.append({"table": table, "column": "", "type": "", "kind": "", "meaning": table_meaning(table) or ""})
        for column, duckdb_type in _columns(con, table):
            rows.append(
                {
                    "table": table,
                    "column": column,
                    "type": duckdb_type,
                    "kind": column_kind(column, duckdb_type),
                    "meaning": column_meaning(table, column) or "",
                }
            )
    return pd.DataFrame(rows, columns=["table", "column", "type", "kind", "meaning"])


def _select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Every column of `table`, counts DuckDB holds as 128-bit integers (sums of counts) as 64-bit ones, which
    Parquet readers take as integers rather than floating point."""
    return (
        "SELECT "
        + ", ".join(
            f'CAST("{name}" AS BIGINT) AS "{name}"' if kind == "HUGEINT" else f'"{name}"'
            for name, kind in _columns(con, table)
        )
        + f" FROM {table}"
    )


def _csv_with_bom(con: duckdb.DuckDBPyConnection, select: str, target: Path) -> None:
    plain = target.with_name(f"{target.name}.partial")
    con.execute(f"COPY ({select}) TO {sql_literal(plain.as_posix())} (FORMAT csv, HEADER)")
    with target.open("wb") as out, plain.open("rb") as body:
        out.write(BOM)
        shutil.copyfileobj(body, out)
    plain.unlink()


def export(con: duckdb.DuckDBPyConnection, out: Path) -> list[str]:
    """Write every exported table of the snapshot `con` to `out` as <table>.parquet and <table>.csv, and the data
    dictionary; return the tables written."""
    out.mkdir(parents=True, exist_ok=True)
    tables = exported_tables(con)
    for table in tables:
        select = _select(con, table)
        con.execute(f"COPY ({select}) TO {sql_literal((out / f'{table}.parquet').as_posix())} (FORMAT parquet)")
        _csv_with_bom(con, select, out / f"{table}.csv")
    con.register("dictionary", data_dictionary(con, tables))
    con.execute(f"COPY dictionary TO {sql_literal((out / 'data_dictionary.parquet').as_posix())} (FORMAT parquet)")
    _csv_with_bom(con, "FROM dictionary", out / "data_dictionary.csv")
    con.unregister("dictionary")
    return tables
