"""The national tables, made from the councils' Parquet tables with DuckDB and published at once when they pass:
mart_council_comparison (per council and year, side by side) and national_councils (every registered council, and
whether its figures are this run's, an earlier run's, or left out). They are written to `<storage>/national.duckdb`
(built as `.partial` beside it, then renamed over it) and as Parquet to `<storage>/<table>/`; a table that does not
add up to its councils, or fails its expectation suite (expectations/national/), publishes nothing."""

import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, Config, Failure, MaterializeResult, asset
from pydantic import Field

from assets.expectation_suites import read_suite, validate_table
from core.config import load_config
from core.sql import create_table, sql_beside
from national.council_tables import STAGING, NationalRegistry, council_tables

#: The councils' tables the national tables read, and the names the SQL reads them by.
SOURCES = {"council_spend": "mart_local_spend_by_year", "council_top_suppliers": "mart_top_suppliers"}
TABLES = ["mart_council_comparison", "national_councils"]


class NationalRun(Config):
    failed: list[str] = Field(default_factory=list, description="Councils whose run failed this time.")


def _status(key: str, stored: set[str], failed: list[str]) -> str:
    if key not in stored:
        return "left out: no run of it has published"
    return "failed this run: its last good run's figures" if key in failed else "published"


def _adds_up(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Years whose total in the comparison differs from its councils' own tables' (none: it adds up)."""
    return con.execute(
        "SELECT fiscal_year, c.total, s.total FROM"
        " (SELECT fiscal_year, sum(total_spend) AS total FROM mart_council_comparison GROUP BY ALL) AS c"
        " FULL JOIN (SELECT fiscal_year, sum(total_spend) AS total FROM council_spend"
        "  WHERE base = 'all' AND council IN (SELECT council FROM council_names) GROUP BY ALL) AS s"
        " USING (fiscal_year) WHERE c.total IS DISTINCT FROM s.total ORDER BY ALL"
    ).fetchall()


def _publish_parquet(con: duckdb.DuckDBPyConnection, storage: Path) -> None:
    for table in TABLES:
        staged = storage / STAGING / table
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        con.execute(f"COPY {table} TO '{staged / 'data.parquet'}' (FORMAT parquet)")
        shutil.rmtree(storage / table, ignore_errors=True)
        staged.rename(storage / table)


@asset(deps=[council_tables], group_name="national")
def mart_council_comparison(
    context: AssetExecutionContext, config: NationalRun, registry: NationalRegistry
) -> MaterializeResult:
    """The councils side by side, per year; national_councils says whose figures are in it."""
    found = registry.load()
    storage = found.storage_path
    councils = {key: load_config(path).council_name for key, path in found.councils().items()}
    stored = {key for key in councils if (storage / SOURCES["council_spend"] / f"council={key}").is_dir()}
    if not stored:
        raise Failure(f"no council of {registry.registry_path} has published its tables in {storage}")
    partial = storage / "national.duckdb.partial"
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as con:
        for view, table in SOURCES.items():
            files = f"{storage / table}/*/*/*.parquet"
            con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet('{files}', hive_partitioning = true)")
        con.execute("CREATE TABLE national_councils (council VARCHAR, council_name VARCHAR, status VARCHAR)")
        statuses = [(key, name, _status(key, stored, config.failed)) for key, name in councils.items()]
        con.executemany("INSERT INTO national_councils VALUES (?, ?, ?)", statuses)
        con.execute("CREATE TEMP TABLE council_names AS SELECT council, council_name FROM national_councils")
        con.execute("DELETE FROM council_names WHERE council NOT IN (SELECT unnest($stored))", {"stored": [*stored]})
        groups = [(g, n, code) for n, (g, codes) in enumerate(found.groups.items()) for code in codes]
        con.execute("CREATE TEMP TABLE council_groups (group_name VARCHAR, position INTEGER, lad_code VARCHAR)")
        if groups:
            con.executemany("INSERT INTO council_groups VALUES (?, ?, ?)", groups)
        rows = create_table(con, "mart_council_comparison", sql_beside(__file__, "mart_council_comparison"))
        if mismatched := _adds_up(con):
            raise Failure(f"mart_council_comparison does not add up to its councils' tables: {mismatched}")
        failures = validate_table(con, "mart_council_comparison", read_suite("national/mart_council_comparison"))
        if failures.failures:
            raise Failure(f"mart_council_comparison failed its expectation suite: {failures.failures}")
        _publish_parquet(con, storage)
    os.replace(partial, storage / "national.duckdb")
    left_out = [f"{key} ({status})" for key, _, status in statuses if status != "published"]
    if left_out:
        context.log.warning("not this run's figures: " + "; ".join(left_out))
    return MaterializeResult(metadata={"rows": rows, "councils": len(stored), "not this run's": ", ".join(left_out)})
