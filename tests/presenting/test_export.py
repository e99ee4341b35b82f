"""`spend export` and the snapshot it reads: every published table as Parquet and CSV, with a data dictionary that
describes every column."""

from decimal import Decimal

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from core.snapshot import open_snapshot, snapshot_path
from pipelines.cli import main
from tests.helpers import query


@pytest.fixture(scope="module")
def exported(sample_run, tmp_path_factory):
    config, _ = sample_run
    out = tmp_path_factory.mktemp("export")
    assert main(["export", "--config", str(config), "--out", str(out)]) == 0
    return config, out


def test_the_snapshot_holds_the_published_marts_as_the_warehouse_does(sample_run):
    config, _ = sample_run
    warehouse = config.parent / "out" / "spend.duckdb"
    with open_snapshot(warehouse) as con:
        snapshot = con.execute("FROM mart_local_spend_by_year ORDER BY fiscal_year, base").fetchall()
        runs = con.execute("SELECT run_id FROM published_runs").fetchall()
    assert snapshot == query(config, "FROM mart_local_spend_by_year ORDER BY fiscal_year, base")
    assert runs == query(config, "SELECT run_id FROM published_runs")
    assert snapshot_path(warehouse).name == "spend.snapshot.duckdb"


def test_the_snapshot_can_be_read_while_the_warehouse_is_held_for_writing(sample_run):
    config, _ = sample_run
    warehouse = config.parent / "out" / "spend.duckdb"
    with duckdb.connect(str(warehouse)) as writer, open_snapshot(warehouse) as reader:  # a run holds the warehouse
        writer.execute("SELECT 1").fetchall()
        assert reader.execute("SELECT count(*) FROM mart_spend_by_lad").fetchall()[0][0] > 0


def test_every_table_is_written_as_parquet_and_as_csv_excel_reads(exported):
    config, out = exported
    tables = {path.stem for path in out.glob("*.parquet")} - {"data_dictionary"}
    assert {"mart_local_spend_by_year", "mart_spend_by_lad", "ledger_quarantine", "published_runs"} <= tables
    assert "lad_boundaries" not in tables
    assert tables == {path.stem for path in out.glob("*.csv")} - {"data_dictionary"}
    csv = (out / "mart_local_spend_by_year.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbffiscal_year,base,payments,total_spend,home_spend,")
    frame = pd.read_csv(out / "mart_local_spend_by_year.csv", encoding="utf-8-sig", dtype=str)
    baseline = frame[(frame.fiscal_year == "2019/20") & (frame.base == "all")].iloc[0]
    assert (baseline.total_spend, baseline.home_spend) == ("14803960.10", "6233818.07")  # the README's headline
    parquet = pq.read_table(out / "mart_local_spend_by_year.parquet").to_pandas()
    row = parquet[(parquet.fiscal_year == "2019/20") & (parquet.base == "all")].iloc[0]
    assert row.home_spend == Decimal("6233818.07")
    coverage = pq.read_schema(out / "mart_location_coverage.parquet")
    assert str(coverage.field("payments").type) == "int64"  # a sum of counts, not a float
    rows = query(config, "SELECT count(*) FROM ledger_quarantine")[0][0]
    assert len(pd.read_csv(out / "ledger_quarantine.csv", encoding="utf-8-sig")) == rows


def test_the_data_dictionary_describes_every_table_and_column(exported):
    _, out = exported
    dictionary = pd.read_csv(out / "data_dictionary.csv", encoding="utf-8-sig", keep_default_na=False)
    undescribed = dictionary[dictionary.meaning == ""]
    assert undescribed[["table", "column"]].values.tolist() == []
    spend = dictionary[(dictionary.table == "mart_local_spend_by_year") & (dictionary.column == "home_spend")]
    assert spend[["type", "kind"]].values.tolist() == [["DECIMAL(18,2)", "money"]]
    assert spend.meaning.iloc[0].startswith("Spend with suppliers placed in the home area")
    lm3 = dictionary[(dictionary.table == "mart_lm3") & (dictionary.column == "method")].meaning.iloc[0]
    assert lm3.startswith("What R3 assumes")  # a table's own entry wins over the name's
    table = dictionary[(dictionary.table == "mart_spend_by_lad") & (dictionary.column == "")].meaning.iloc[0]
    assert table.startswith("One row per financial year, base and district")  # from the SQL file's comment
    for table in {path.stem for path in out.glob("*.parquet")} - {"data_dictionary"}:
        columns = pq.read_schema(out / f"{table}.parquet").names
        assert dictionary[dictionary.table == table].column.tolist() == ["", *columns]


def test_export_before_any_run_says_so(analysis, tmp_path, capsys):
    config = analysis({"2019-04.csv": b"Date,Amount,Supplier\n01/04/2019,10.00,A Ltd\n"})
    assert main(["export", "--config", str(config), "--out", str(tmp_path / "out")]) == 2
    assert "no run has published a snapshot yet" in capsys.readouterr().err
