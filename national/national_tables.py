"""The national tables, made from the councils' Parquet tables with DuckDB in one step and published at once when
they all pass: mart_council_comparison (the councils side by side, per year), mart_spend_between_areas (where each
council's money lands, within its group and between its members), mart_shared_suppliers (suppliers two or more
councils pay) and national_councils (every registered council, and whether its figures are this run's, an earlier
run's, or left out: never run, or stopped while replacing its tables). They are written to
`<storage>/national.duckdb` (built as `.partial` beside it, then renamed over it) and as Parquet to
`<storage>/<table>/`; a table that does not add up to its councils' own tables, or fails its expectation suite
(expectations/national/<table>.json), publishes nothing."""

import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetSpec, Config, Failure, MaterializeResult, multi_asset
from pydantic import Field

from assets.expectation_suites import read_suite, validate_table
from core.config import load_config
from core.sql import create_table, sql_beside
from national.council_tables import REPLACING, STAGING, NationalRegistry, council_state, council_tables

#: The councils' tables the national tables read, by the names their SQL reads them by.
SOURCES = {
    "council_spend": "mart_local_spend_by_year",
    "council_top_suppliers": "mart_top_suppliers",
    "council_spend_by_lad": "mart_spend_by_lad",
    "council_supplier_spend": "mart_supplier_spend",
}
#: The tables made from them (SQL beside this file, a suite in expectations/national/), and the councils' list.
MARTS = ["mart_council_comparison", "mart_spend_between_areas", "mart_shared_suppliers"]
TABLES = [*MARTS, "national_councils"]


def _totals_differ(totals: str) -> str:
    """The query of (council, year, the table's total, the council's own) where they differ: `totals` gives the
    table's total per council and year, which must equal the council's own (all payments)."""
    return (
        f"SELECT * FROM ({totals} GROUP BY ALL) AS t (council, fiscal_year, total)"
        " FULL JOIN (SELECT council, fiscal_year, total_spend AS own FROM council_spend WHERE base = 'all'"
        "  AND council IN (SELECT council FROM council_names)) AS c USING (council, fiscal_year)"
        " WHERE t.total IS DISTINCT FROM c.own ORDER BY ALL"
    )


#: Per table, the query of what does not add up to its councils' own tables (no rows: it adds up). The shared
#: suppliers: rows that are not their council's own (spend, payments), or whose councils and total are not its rows'.
NOT_ADDING_UP = {
    "mart_council_comparison": _totals_differ(
        "SELECT council, fiscal_year, sum(total_spend) FROM mart_council_comparison"
    ),
    "mart_spend_between_areas": _totals_differ(
        "SELECT paying_council, fiscal_year, sum(spend) FROM mart_spend_between_areas"
    ),
    "mart_shared_suppliers": """
    SELECT m.paying_council, m.fiscal_year, m.supplier_group, 'not the council''s own spend and payments'
    FROM mart_shared_suppliers AS m
    LEFT JOIN (SELECT * FROM council_supplier_spend WHERE base = 'all') AS c
        ON c.council = m.paying_council AND c.fiscal_year = m.fiscal_year AND c.supplier_group = m.supplier_group
    WHERE (m.spend, m.payments) IS DISTINCT FROM (c.spend, c.payments)
    UNION ALL
    SELECT NULL, fiscal_year, supplier_key, 'its councils and total are not those of its rows'
    FROM mart_shared_suppliers
    GROUP BY ALL
    HAVING count(DISTINCT paying_council) IS DISTINCT FROM any_value(councils) OR any_value(councils) < 2
        OR sum(spend) IS DISTINCT FROM any_value(supplier_spend)
""",
}


class NationalRun(Config):
    failed: list[str] = Field(default_factory=list, description="Councils whose run failed this time.")


def _status(key: str, state: str | None, failed: list[str]) -> str:
    if state is None:
        return "left out: no run of it has published"
    if state == REPLACING:
        return "left out: a run stopped while replacing its tables"
    return "failed this run: its last good run's figures" if key in failed else "published"


def _setup(con: duckdb.DuckDBPyConnection, storage: Path, statuses: list[tuple], groups: dict) -> None:
    """The councils' tables as views over their Parquet, national_councils, and the groups."""
    for view, table in SOURCES.items():
        files = f"{storage / table}/*/*/*.parquet"
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet('{files}', hive_partitioning = true)")
    con.execute("CREATE TABLE national_councils (council VARCHAR, council_name VARCHAR, status VARCHAR)")
    con.executemany("INSERT INTO national_councils VALUES (?, ?, ?)", statuses)
    con.execute(
        "CREATE TEMP TABLE council_names AS SELECT council, council_name FROM national_councils"
        " WHERE NOT starts_with(status, 'left out')"
    )
    con.execute("CREATE TEMP TABLE council_groups (group_name VARCHAR, position INTEGER, lad_code VARCHAR)")
    rows = [(group, n, code) for n, (group, codes) in enumerate(groups.items()) for code in codes]
    if rows:
        con.executemany("INSERT INTO council_groups VALUES (?, ?, ?)", rows)
    con.execute(  # a council's group: the first naming one of its home LAD codes
        "CREATE TEMP TABLE council_group AS SELECT DISTINCT ON (c.council) c.council, g.group_name"
        " FROM council_names AS c JOIN council_groups AS g ON list_contains(string_split(c.council, '+'), g.lad_code)"
        " ORDER BY c.council, g.position"
    )


def _publish_parquet(con: duckdb.DuckDBPyConnection, storage: Path) -> None:
    for table in TABLES:
        staged = storage / STAGING / table
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        con.execute(f"COPY {table} TO '{staged / 'data.parquet'}' (FORMAT parquet)")
        shutil.rmtree(storage / table, ignore_errors=True)
        staged.rename(storage / table)


@multi_asset(
    specs=[AssetSpec(name, deps=[council_tables], group_name="national") for name in TABLES],
    name="national_tables",
)
def national_tables(context: AssetExecutionContext, config: NationalRun, registry: NationalRegistry):
    """The national tables from the councils' own, published at once."""
    found = registry.load()
    storage = found.storage_path
    councils = {key: load_config(path).council_name for key, path in found.councils().items()}
    statuses = [(key, name, _status(key, council_state(storage, key), config.failed)) for key, name in councils.items()]
    if all(status.startswith("left out") for _, _, status in statuses):
        raise Failure(f"no council of {registry.registry_path} has published its tables in {storage}")
    partial = storage / "national.duckdb.partial"
    partial.unlink(missing_ok=True)
    rows = {}
    with duckdb.connect(str(partial)) as con:
        _setup(con, storage, statuses, found.groups)
        for table in MARTS:
            rows[table] = create_table(con, table, sql_beside(__file__, table))
            if mismatched := con.execute(NOT_ADDING_UP[table]).fetchall():
                raise Failure(f"{table} does not add up to its councils' own tables: {mismatched[:5]}")
            validation = validate_table(con, table, read_suite(f"national/{table}"))
            if validation.failures:
                raise Failure(f"{table} failed expectations/national/{table}.json: {validation.failures}")
        _publish_parquet(con, storage)
    os.replace(partial, storage / "national.duckdb")
    left_out = [f"{key} ({status})" for key, _, status in statuses if status != "published"]
    if left_out:
        context.log.warning("not this run's figures: " + "; ".join(left_out))
    rows["national_councils"] = len(statuses)
    for table in TABLES:
        yield MaterializeResult(asset_key=table, metadata={"rows": rows[table], "not this run's": ", ".join(left_out)})
