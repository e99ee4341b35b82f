"""Publish: the run's last step, which makes everything it built visible at once.

Every asset of a run writes inside one transaction (core/warehouse.py). This step depends on all of them, so
Dagster runs it only when each was built and every blocking check passed; it then commits them together. A run
that stops anywhere before it publishes nothing.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from core.sql import columns_of, sql_beside
from core.warehouse import Warehouse, open_warehouse

#: The group of the publishing step, which every run ends with.
PUBLISH_GROUP = "publish"
#: Tables earlier versions published under names since changed (with the name now): a run that publishes drops
#: them, so that a warehouse holds no table the code no longer builds.
RETIRED_TABLES = {"location_coverage": "mart_location_coverage", "ingest_quality_report": "mart_ingest_quality"}


#: The ledger tables published_runs counts from, as a warehouse that has loaded no ledger holds them: a run of
#: another stage alone (the reference data, say, from the Dagster UI) publishes too, recording no ledger.
_NO_LEDGER = {
    "ledger_files": "SELECT NULL::VARCHAR AS source_file WHERE false",
    "ledger_transactions": "SELECT NULL::DECIMAL(18, 2) AS amount WHERE false",
    "ledger_quarantine": "SELECT NULL::DECIMAL(18, 2) AS amount WHERE false",
}


def was_published(path: Path, run_id: str) -> bool:
    """Whether run `run_id` published to the warehouse at `path`: the warehouse's word, not the run's (a run may
    fail after publishing, in a check that does not block)."""
    with open_warehouse(path, read_only=True) as con:
        return bool(
            columns_of(con, "published_runs")
            and con.execute("SELECT count(*) FROM published_runs WHERE run_id = ?", [run_id]).fetchall()[0][0]
        )


def published_runs_asset(upstream: Sequence[AssetKey], snapshot: Sequence[str]) -> AssetsDefinition:
    """The publishing step, downstream of every asset in `upstream` (every other asset of the code location), which
    copies the tables `snapshot` names into the snapshot the dashboard, the report and the exports read."""

    @asset(group_name=PUBLISH_GROUP, deps=list(upstream))
    def published_runs(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        """One row per published run (run id, time, ledger files, rows and money loaded and quarantined); writing
        it commits every table the run built, in one transaction."""
        with warehouse.connection() as con:
            for table, empty in _NO_LEDGER.items():  # a run of a stage alone, on a warehouse without a ledger yet
                if not columns_of(con, table):
                    con.execute(f"CREATE TEMP VIEW {table} AS {empty}")
            select = sql_beside(__file__, "published_runs")
            params = {"run_id": context.run_id, "published_at": datetime.now(UTC)}  # now(): when the run began
            if columns_of(con, "published_runs"):
                con.execute(f"INSERT INTO published_runs BY NAME {select}", params).fetchall()
            else:
                con.execute(f"CREATE TABLE published_runs AS {select}", params)
            cursor = con.execute("SELECT * FROM published_runs WHERE run_id = ?", [context.run_id])
            names = [d[0] for d in cursor.description]
            row = dict(zip(names, cursor.fetchall()[0], strict=True))
            for retired in RETIRED_TABLES:
                con.execute(f"DROP TABLE IF EXISTS {retired}")
            warehouse.publish([*snapshot, "published_runs"])
        return MaterializeResult(metadata={k: v if isinstance(v, int) else str(v) for k, v in row.items()})

    return published_runs
