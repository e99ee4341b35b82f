"""What a published column means (columns.yaml beside this file, the one place meanings are written) and how its
values are written (from its DuckDB type), and what a published table means (the comment at the top of its SQL):
the exports' data dictionary, the column descriptions Dagster shows and every figure the dashboard, the report and
the UI write read them here."""

import functools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from core.formatting import money, percent, points
from core.yaml_text import safe_load

ROOT = Path(__file__).resolve().parents[1]
Kind = Literal["money", "share", "points", "ratio", "count", "number", "text", "date", "flag"]

#: Fractions that are changes of a share, written in percentage points.
_POINTS = {"gap_to_target", "change_since_baseline"}
#: Floating-point columns that are not fractions.
_NUMBERS = {"score", "change"}
#: Multipliers, written to two places (1.43).
_RATIOS = {"lm3", "lm3_all_suppliers"}


@functools.cache
def _glossary() -> dict[str, dict[str, str]]:
    return safe_load((Path(__file__).with_name("columns.yaml")).read_text(encoding="utf-8"))


def column_meaning(table: str, column: str) -> str | None:
    """What `column` of `table` means: its table's own entry, else the name's (None when columns.yaml has none)."""
    columns = _glossary()["columns"]
    return columns.get(f"{table}.{column}") or columns.get(column)


def table_meaning(table: str) -> str | None:
    """What `table` holds: columns.yaml's word for it, else the comment at the top of its SQL file, in one line."""
    stated = _glossary()["tables"].get(table)
    if stated:
        return " ".join(stated.split())
    sql = next((ROOT / "assets").rglob(f"{table}.sql"), None)
    if sql is None:
        return None
    header = []
    for line in sql.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        header.append(line.removeprefix("--").strip())
    return " ".join(" ".join(header).split()) or None


def column_kind(column: str, duckdb_type: str) -> Kind:
    """How a column's values are written, from its DuckDB type and, for fractions, its name."""
    kind: Kind = "text"
    if column in _RATIOS:
        kind = "ratio"
    elif re.fullmatch(r"DECIMAL\(\d+,2\)", duckdb_type):
        kind = "money"
    elif duckdb_type in {"DOUBLE", "FLOAT"}:
        kind = "points" if column in _POINTS else "number" if column in _NUMBERS else "share"
    elif duckdb_type in {"BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "UBIGINT"}:
        kind = "count"
    elif duckdb_type.startswith("DECIMAL"):
        kind = "number"
    elif duckdb_type == "DATE" or duckdb_type.startswith("TIMESTAMP"):
        kind = "date"
    elif duckdb_type == "BOOLEAN":
        kind = "flag"
    return kind


def formatted(value: Any, kind: Kind) -> str:
    """`value` as every output writes a value of its kind: £1,234.50, 42.1%, +2.3 pts, 1,234, yes/no."""
    if value is None or value != value:  # NULL, or pandas' NaN for it
        return ""
    match kind:
        case "money":
            return money(Decimal(str(value)))
        case "share":
            return percent(float(value))
        case "points":
            return points(float(value))
        case "ratio":
            return f"{float(value):.2f}"
        case "count":
            return f"{int(value):,}"
        case "flag":
            return "yes" if value else "no"
        case _:
            return str(value)
