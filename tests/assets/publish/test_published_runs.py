"""The publishing step: it commits whatever a run built, even a stage run alone on a warehouse with no ledger."""

from assets.staging.lad_boundaries import lad_boundaries
from tests.helpers import materialize_published, query


def test_a_stage_run_alone_on_a_fresh_warehouse_publishes_and_records_no_ledger(analysis):
    config = analysis({"april.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n"})
    assert materialize_published([lad_boundaries], config, raise_on_error=False).success
    assert query(
        config,
        "SELECT ledger_files, loaded_rows, loaded_amount, quarantined_rows, quarantined_amount FROM published_runs",
    ) == [(0, 0, 0, 0, 0)]
    assert query(config, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'ledger%'") == [(0,)]
