"""What a published table's materialisation shows in the Dagster UI: its rows, its columns with what each means
(core/columns.yaml) and its first rows as the reports write them (£ to the penny, shares to one place)."""

import duckdb
from dagster import MetadataValue, TableColumn, TableSchema

from core.columns import column_kind, column_meaning, formatted
from core.formatting import percent

PREVIEW_ROWS = 10
_CELL = 60  # characters of a cell the preview shows


def _cell(text: str) -> str:
    text = text if len(text) <= _CELL else text[: _CELL - 1] + "…"
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows])


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """rows; the column schema Dagster shows, with meanings; a Markdown preview of the first rows."""
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?"
        " ORDER BY column_index",
        [table],
    ).fetchall()
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    first = con.execute(f"FROM {table} LIMIT {PREVIEW_ROWS}").fetchall()
    kinds = [column_kind(name, kind) for name, kind in columns]
    preview = [[formatted(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in first]
    schema = TableSchema(
        columns=[TableColumn(name, kind, description=column_meaning(table, name)) for name, kind in columns]
    )
    return {
        "rows": rows,
        "dagster/column_schema": schema,
        "preview": MetadataValue.md(markdown_table([name for name, _ in columns], preview) if first else "No rows."),
    }


def share_bars(shares: list[tuple[str, float | None]], width: int = 30) -> str:
    """A bar per label in Markdown, as long as its share: a plot that reads in any Markdown view."""
    top = max((share for _, share in shares if share is not None), default=0) or 1
    return "\n".join(
        f"`{label}` `{'█' * round(width * (share or 0) / top):<{width}}` {percent(share)}  " for label, share in shares
    )


def share_by_year(con: duckdb.DuckDBPyConnection, table: str, column: str, where: str, what: str) -> dict:
    """`what` by year as bars, and its latest year's value: a mart's headline in the Dagster UI."""
    years = con.execute(f"SELECT fiscal_year, {column} FROM {table} WHERE {where} ORDER BY fiscal_year").fetchall()
    if not years:
        return {}
    return {f"{what}, {years[-1][0]}": percent(years[-1][1]), f"{what} by year": MetadataValue.md(share_bars(years))}
