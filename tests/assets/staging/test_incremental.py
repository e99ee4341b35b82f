"""Each ledger file is parsed once; re-runs, new, changed and removed files give the tables a full run would."""

import os
import shutil

import duckdb
import pandas as pd
import pytest

from assets.staging import source_files
from core.config import load_config
from pipelines.cli import main
from tests.helpers import judged_this_run, located_this_run, metadata, parsed_this_run, query, run_analysis

#: These tests change past months of the ledger: as of a day before any year closes.
pytestmark = pytest.mark.usefixtures("years_open")

HEADER = b"Date,Transaction Number,Amount,Supplier Name\n"
APRIL = HEADER + b"2019-04-01,T1,10.00,Acme\n2019-04-02,T2,20.00,Acme\n"
MAY = HEADER + b"2019-05-01,T3,30.00,Acme\n2019-05-02,bad,x,Acme\n"
JUNE = HEADER + b"2019-06-01,T4,40.00,Acme\n2019-04-02,T2,20.00,Acme\n"  # T2 again: April's copy counts
TABLES = {
    "ledger_transactions": "SELECT source_file, source_line, amount FROM ledger_transactions ORDER BY 1, 2",
    "ledger_quarantine": "SELECT source_file, source_line, reason, raw FROM ledger_quarantine ORDER BY 1, 2",
    "ledger_files": "SELECT source_file, sha256, data_rows, amount_in_file FROM ledger_files ORDER BY 1",
    "located_transactions": "SELECT source_file, source_line, amount, supplier_name, party_id, ring, location_method"
    " FROM located_transactions ORDER BY 1, 2",
}
SUPPLIERS = b"supplier_id,supplier_name,postcode\nS1,Acme,Q1 1AA\n"


def remove(config, source_file: str) -> None:
    """Delete a ledger file that loaded payments, and confirm that they leave (`spend confirm-removal`)."""
    (config.parent / source_file).unlink()
    assert main(["confirm-removal", "--config", str(config), source_file]) == 0


def tables(config) -> dict[str, list[tuple]]:
    return {name: query(config, sql) for name, sql in TABLES.items()}


def fresh_run_tables(tmp_path, config) -> dict[str, list[tuple]]:
    """The tables a first run over the same folder gives."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(config.parent, copy, ignore=shutil.ignore_patterns("out"))
    assert run_analysis(copy / config.name).success
    return tables(copy / config.name)


def test_new_changed_and_removed_files_match_a_full_run(analysis, tmp_path):
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY})
    ledger = config.parent / "ledger"
    first = run_analysis(config)
    assert parsed_this_run(first) == 2
    before = tables(config)

    again = run_analysis(config)
    assert again.success and parsed_this_run(again) == 0
    assert tables(config) == before

    (ledger / "2019-06.csv").write_bytes(JUNE)
    added = run_analysis(config)
    assert added.success and parsed_this_run(added) == 1
    assert ("ledger/2019-06.csv", 3, "the same payment as ledger/2019-04.csv line 3 (transaction number, date, "
            "supplier and amount): counted there", "2019-04-02,T2,20.00,Acme") in tables(config)["ledger_quarantine"]  # fmt: skip # noqa: E501
    assert tables(config) == fresh_run_tables(tmp_path, config)

    (ledger / "2019-05.csv").write_bytes(MAY.replace(b"bad,x", b"T5,50.00"))
    changed = run_analysis(config)
    assert changed.success and parsed_this_run(changed) == 1
    assert ("ledger/2019-05.csv", 3) in [row[:2] for row in tables(config)["ledger_transactions"]]
    assert tables(config) == fresh_run_tables(tmp_path, config)

    remove(config, "ledger/2019-04.csv")  # June's T2 is now the only copy: it counts
    removed = run_analysis(config)
    assert removed.success and parsed_this_run(removed) == 0
    assert ("ledger/2019-06.csv", 3) in [row[:2] for row in tables(config)["ledger_transactions"]]
    assert "ledger/2019-04.csv" not in {row[0] for rows in tables(config).values() for row in rows}
    assert tables(config) == fresh_run_tables(tmp_path, config)


def test_only_rows_whose_verdict_can_change_are_judged_again(analysis, tmp_path):
    config = analysis({"2019-05.csv": MAY, "2019-06.csv": JUNE})
    ledger = config.parent / "ledger"
    assert judged_this_run(run_analysis(config)) == 4
    assert judged_this_run(run_analysis(config)) == 0

    (ledger / "2019-04.csv").write_bytes(APRIL)  # April's T2 comes first by name: June's T2, loaded, is now a copy
    added = run_analysis(config)
    assert added.success and judged_this_run(added) == 3  # April's two rows and June's T2
    assert ("ledger/2019-06.csv", 3) not in [row[:2] for row in tables(config)["ledger_transactions"]]
    # June was not read in this run, and ledger_rows keeps no text of a row that loaded: it is read again
    assert parsed_this_run(added) == 1
    assert ("ledger/2019-06.csv", 3, "the same payment as ledger/2019-04.csv line 3 (transaction number, date, "
            "supplier and amount): counted there", "2019-04-02,T2,20.00,Acme") in tables(config)["ledger_quarantine"]  # fmt: skip # noqa: E501
    assert tables(config) == fresh_run_tables(tmp_path, config)

    (ledger / "2019-03.csv").write_bytes(APRIL)  # the same bytes as April, first by name: every row judged again
    same_bytes = run_analysis(config)
    assert same_bytes.success and judged_this_run(same_bytes) == 8
    assert tables(config) == fresh_run_tables(tmp_path, config)

    (ledger / "2019-03.csv").unlink()  # April was its copy, and loads again
    removed = run_analysis(config)
    assert removed.success and judged_this_run(removed) == 6
    assert tables(config) == fresh_run_tables(tmp_path, config)


def test_a_copy_is_quarantined_with_its_text_as_written(analysis, tmp_path):
    """The text of a row that loaded is not kept (ledger_rows.record): when a later file makes it a copy, it is read
    again from its file, over all the lines it spans, from a workbook as from a CSV."""
    spanning = HEADER + b'2019-04-01,T1,10.00,"Acme\nLtd"\n2019-04-02,T2,20.00,Acme\n'
    book = tmp_path / "book.xlsx"
    pd.DataFrame([["2019-04-02", "T2", "20.00", "Acme"]], columns=HEADER.decode().strip().split(",")).to_excel(
        book, sheet_name="Payments", index=False
    )
    config = analysis({"2019-06.csv": spanning, "2019-07.xlsx": book.read_bytes()}, ledger="[ledger/*]")
    assert run_analysis(config).success
    (config.parent / "ledger" / "2019-04.csv").write_bytes(HEADER + b'2019-04-01,T1,10.00,"Acme\nLtd"\n')
    (config.parent / "ledger" / "2019-05.csv").write_bytes(HEADER + b"2019-04-02,T2,20.00,Acme\n")
    assert run_analysis(config).success
    assert query(config, "SELECT source_file, source_line, last_line, raw FROM ledger_quarantine ORDER BY 1, 2") == [
        ("ledger/2019-06.csv", 2, 3, '2019-04-01,T1,10.00,"Acme\nLtd"'),
        ("ledger/2019-06.csv", 4, 4, "2019-04-02,T2,20.00,Acme"),
        ("ledger/2019-07.xlsx#Payments", 2, 2, "2019-04-02,T2,20.00,Acme"),
    ]
    assert tables(config) == fresh_run_tables(tmp_path, config)


def test_only_payments_of_files_judged_again_are_located_again(analysis, tmp_path):
    config = analysis({"2019-05.csv": MAY, "2019-06.csv": JUNE}, SUPPLIERS)
    ledger = config.parent / "ledger"
    first, again = run_analysis(config), run_analysis(config)
    assert located_this_run(first) == 3 and located_this_run(again) == 0
    assert metadata(first, "suppliers", "read this run") and not metadata(again, "suppliers", "read this run")

    (ledger / "2019-04.csv").write_bytes(APRIL)  # June's T2 becomes April's copy: April and June located again
    added = run_analysis(config)
    assert added.success and located_this_run(added) == 3  # April's two payments and June's T4
    assert [row[5:] for row in tables(config)["located_transactions"]] == [("home", "postcode")] * 4
    assert tables(config) == fresh_run_tables(tmp_path, config)

    (config.parent / "suppliers.csv").write_bytes(SUPPLIERS.replace(b"Q1 1AA", b"QM1 1AA"))  # Acme moves
    moved = run_analysis(config)
    assert moved.success and located_this_run(moved) == 4 and metadata(moved, "suppliers", "read this run")
    assert {row[5] for row in tables(config)["located_transactions"]} == {"elsewhere"}
    assert tables(config) == fresh_run_tables(tmp_path, config)

    remove(config, "ledger/2019-05.csv")
    removed = run_analysis(config)
    assert removed.success and located_this_run(removed) == 0
    assert tables(config) == fresh_run_tables(tmp_path, config)


def test_files_unchanged_since_the_last_run_are_not_read_again(analysis, tmp_path, monkeypatch):
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY})
    ledger = config.parent / "ledger"
    assert run_analysis(config).success
    read, copy_and_scan = [], source_files._copy_and_scan

    def recording(path, copy):
        if path.parent == ledger:
            read.append(path.name)
        return copy_and_scan(path, copy)

    monkeypatch.setattr(source_files, "_copy_and_scan", recording)

    (ledger / "2019-06.csv").write_bytes(JUNE)
    assert run_analysis(config).success
    assert read == ["2019-06.csv"]

    read.clear()  # touched, not changed: read once, found the same, not parsed; its new time recorded
    april = ledger / "2019-04.csv"
    os.utime(april, ns=(april.stat().st_atime_ns, april.stat().st_mtime_ns + 10**9))
    touched = run_analysis(config)
    assert touched.success and read == ["2019-04.csv"] and parsed_this_run(touched) == 0
    read.clear()
    assert run_analysis(config).success and read == []
    assert tables(config) == fresh_run_tables(tmp_path, config)


def test_changing_how_files_parse_parses_them_all_again(analysis):
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY})
    assert parsed_this_run(run_analysis(config)) == 2
    config.write_text(config.read_text() + "day_first: false\n")
    assert parsed_this_run(run_analysis(config)) == 2


def test_files_in_the_landing_folder_join_the_ledger(analysis):
    config = analysis({"2019-04.csv": APRIL}, landing="landing")
    (landing := config.parent / "landing").mkdir()
    assert parsed_this_run(run_analysis(config)) == 1
    (landing / "2019-05.csv").write_bytes(MAY)
    result = run_analysis(config)
    assert result.success and parsed_this_run(result) == 1
    assert query(config, "SELECT source_file FROM ledger_files ORDER BY 1") == [
        ("landing/2019-05.csv",),
        ("ledger/2019-04.csv",),
    ]


def test_file_names_that_look_like_globs_are_read_as_they_are(analysis):
    config = analysis({"jan1.csv": APRIL, "jan[1].csv": MAY, "*.csv": JUNE})
    result = run_analysis(config)
    assert result.success
    assert query(config, "SELECT source_file, data_rows FROM ledger_files ORDER BY 1") == [
        ("ledger/*.csv", 2),
        ("ledger/jan1.csv", 2),
        ("ledger/jan[1].csv", 2),
    ]


def test_emptying_the_landing_folder_empties_the_ledger(analysis):
    config = analysis({}, ledger=None, landing="landing")
    (landing := config.parent / "landing").mkdir()
    (landing / "2019-04.csv").write_bytes(APRIL)
    assert run_analysis(config).success
    remove(config, "landing/2019-04.csv")
    assert run_analysis(config).success
    assert query(config, "SELECT (SELECT count(*) FROM ledger_files), (SELECT count(*) FROM ledger_rows)") == [(0, 0)]


def test_a_warehouse_without_parse_state_is_parsed_again(analysis):
    config = analysis({"2019-04.csv": APRIL})
    assert parsed_this_run(run_analysis(config)) == 1
    with duckdb.connect(str(load_config(config).warehouse_path)) as con:
        con.execute("DROP TABLE pipeline_state.ledger_file_state")
    assert parsed_this_run(run_analysis(config)) == 1
    with duckdb.connect(str(load_config(config).warehouse_path)) as con:
        con.execute("DELETE FROM ledger_rows WHERE source_line = 2")  # rows and files disagree
    result = run_analysis(config)
    assert result.success and parsed_this_run(result) == 1
    assert query(config, "SELECT count(*) FROM ledger_transactions") == [(2,)]


def test_a_warehouse_in_the_layout_of_earlier_versions_is_rebuilt(analysis, tmp_path):
    """Before issue 12: bookkeeping in ledger_files' columns and table comments, the column `tier`, two marts
    without the mart_ prefix. The next run rebuilds what it must, gives a fresh run's tables and drops the old."""
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY})
    assert run_analysis(config).success
    with duckdb.connect(str(load_config(config).warehouse_path)) as con:
        con.execute("DROP SCHEMA pipeline_state CASCADE")
        for column, kind in (("parse_key", "VARCHAR"), ("judged_at", "TIMESTAMPTZ"), ("modified_ns", "BIGINT")):
            con.execute(f"ALTER TABLE ledger_files ADD COLUMN {column} {kind}")
        for table, column in (("located_transactions", "ring"), ("located_transactions", "office_ring"),
                              ("supplier_locations", "ring"), ("supplier_locations", "office_ring")):  # fmt: skip
            con.execute(f"ALTER TABLE {table} RENAME COLUMN {column} TO {column.replace('ring', 'tier')}")
        con.execute("ALTER TABLE mart_location_coverage RENAME TO location_coverage")
        con.execute("ALTER TABLE mart_ingest_quality RENAME TO ingest_quality_report")
        con.execute("COMMENT ON TABLE suppliers IS 'an old fingerprint'")
    assert run_analysis(config).success
    assert tables(config) == fresh_run_tables(tmp_path, config)
    assert (
        query(
            config,
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            " AND table_name IN ('location_coverage', 'ingest_quality_report')",
        )
        == []
    )
    assert "parse_key" not in {c for (c,) in query(config, "SELECT column_name FROM duckdb_columns()"
                                                           " WHERE table_name = 'ledger_files'")}  # fmt: skip


def test_parsing_a_file_at_a_time_gives_the_same_tables(analysis, tmp_path, monkeypatch):
    import assets.staging.ledger

    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY, "2019-06.csv": JUNE})
    monkeypatch.setattr(assets.staging.ledger, "BATCH_BYTES", 1)  # every file in a batch of its own
    assert run_analysis(config).success
    monkeypatch.undo()
    assert tables(config) == fresh_run_tables(tmp_path, config)
    assert len(tables(config)["ledger_transactions"]) == 4  # T2's copy in June counts once
