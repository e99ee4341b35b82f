"""Suites validated in chunks find exactly what a whole-table validation finds, holding a chunk at a time; what
was found in unchanged files is remembered, and a change anywhere is found."""

import os
import subprocess
import sys

import duckdb
import pytest

from assets import expectation_suites
from assets.expectation_suites import validate_table
from tests.helpers import ROOT

SUITE = {
    "name": "payments",
    "expectations": [
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["source_file", "source_line"]}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "ring", "value_set": ["home", "region"]}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "payment_id"}},
    ],
}


@pytest.fixture
def con():
    con = duckdb.connect()
    # 5,000 rows: line 4,999 repeats line 1's key, payment 4,998 repeats payment 2, two amounts are missing and
    # three rings are wrong, spread over the table
    con.execute(
        "CREATE TABLE payments AS SELECT 'a.csv' AS source_file,"
        " CASE WHEN i = 4999 THEN 1 ELSE i END AS source_line,"
        " CASE WHEN i = 4998 THEN 2 ELSE i END AS payment_id,"
        " CASE WHEN i IN (7, 3500) THEN NULL ELSE i * 1.5 END AS amount,"
        " CASE WHEN i IN (2, 2500, 4990) THEN 'moon' WHEN i % 2 = 0 THEN 'home' ELSE 'region' END AS ring"
        " FROM range(1, 5001) t(i)"
    )
    return con


def failures_by_type(failures):
    return {f["expectation"]: f["unexpected_count"] for f in failures}


@pytest.mark.parametrize("chunk_rows", [1_000_000, 1_000])
def test_chunked_validation_counts_every_failure_once(con, monkeypatch, chunk_rows):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", chunk_rows)
    rows, failures, validated = validate_table(con, "payments", SUITE)
    assert rows == validated == 5000
    assert failures_by_type(failures) == {
        "expect_compound_columns_to_be_unique": 2,
        "expect_column_values_to_not_be_null": 2,
        "expect_column_values_to_be_in_set": 3,
        "expect_column_values_to_be_unique": 2,
    }
    assert [f["expectation"] for f in failures] == [e["type"] for e in SUITE["expectations"]]


def test_gx_judges_only_the_rows_a_row_level_expectation_can_fail_and_finds_what_it_finds_on_all(con, monkeypatch):
    """DuckDB picks the rows a not-null or in-set expectation can fail (NULL, or a text outside the set); GX judges
    those alone and reports the same counts and examples as on every row. Where pandas may read a value as null
    that DuckDB does not (a DOUBLE's NaN), GX reads every row."""
    con.execute("ALTER TABLE payments ADD COLUMN score DOUBLE")
    con.execute("UPDATE payments SET score = CASE WHEN source_line = 10 THEN 'NaN'::DOUBLE ELSE 1 END")
    suite = {
        **SUITE,
        "expectations": [
            *SUITE["expectations"],
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "score"}},
        ],
    }
    frames = []
    run = expectation_suites._run
    monkeypatch.setattr(
        expectation_suites, "_run", lambda part, frame, *a: frames.append(frame) or run(part, frame, *a)
    )
    _, failures, _ = validate_table(con, "payments", suite)
    read = sorted(len(frame) for frame in frames)
    monkeypatch.setattr(expectation_suites, "_candidates", lambda expectation, types: None)
    con.execute("DELETE FROM pipeline_state.expectation_suite_results")
    _, on_every_row, _ = validate_table(con, "payments", suite)

    assert failures == on_every_row
    assert [(f["kwargs"].get("column"), f["unexpected_count"]) for f in failures][1:3] == [("amount", 2), ("ring", 3)]
    assert failures[-1]["unexpected_count"] == 1  # the NaN
    # the amount and ring expectations on the 5 rows that can fail them; score's on all 5,000; the two uniqueness
    # expectations on the rows whose values repeat
    assert read == [2, 2, 5, 5000]


def test_an_empty_table_passes_a_suite(con):
    con.execute("DELETE FROM payments")
    assert validate_table(con, "payments", SUITE) == (0, [], 0)
    remembered = "SELECT count(*) FROM pipeline_state.expectation_suite_results WHERE slices = '[]'"
    assert con.execute(remembered).fetchall() == [(2,)]  # the file-by-file part and the whole-table part


def test_a_row_condition_brings_the_columns_it_names(con):
    suite = {
        "name": "payments",
        "expectations": [
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "amount", "row_condition": "ring == 'home'", "condition_parser": "pandas"},
            }
        ],
    }
    assert expectation_suites.suite_columns(suite) == ["amount", "ring"]
    # amount is missing on rows 7 (ring 'region') and 3500 (ring 'home'): only 3500 is under the condition
    rows, [failure], _ = validate_table(con, "payments", suite)
    assert (rows, failure["unexpected_count"]) == (5000, 1)


def test_uniqueness_with_missing_values_counts_as_gx_does_on_the_whole_table(monkeypatch):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", 2)
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES (NULL, 1, 'x'), (NULL, 1, NULL), (NULL, 2, NULL), ('a', 1, NULL),"
        " ('a', 1, 'x'), ('b', NULL, 'y'), ('b', NULL, 'z')) v(a, b, c)"
    )
    suite = {
        "name": "t",
        "expectations": [
            {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["a", "b"]}},
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "c"}},
        ],
    }
    whole = expectation_suites._run(suite, con.execute("SELECT * FROM t").df())
    expected = {r.expectation_config.type: r.result.get("unexpected_count") for r in whole.results}
    assert failures_by_type(validate_table(con, "t", suite)[1]) == expected
    assert expected == {"expect_compound_columns_to_be_unique": 6, "expect_column_values_to_be_unique": 2}


def test_an_expectation_with_mostly_is_judged_on_the_whole_table(monkeypatch):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", 1_000)
    con = duckdb.connect()
    # 4 missing of 5,000 (99.92% present), all in the first chunk of 2,048 (99.80% there)
    con.execute("CREATE TABLE t AS SELECT CASE WHEN i > 4 THEN i END AS amount FROM range(1, 5001) r(i)")
    suite = {
        "name": "t",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount", "mostly": 0.999}}
        ],
    }
    assert validate_table(con, "t", suite) == (5000, [], 5000)
    suite["expectations"][0]["kwargs"]["mostly"] = 0.9995
    assert failures_by_type(validate_table(con, "t", suite)[1]) == {"expect_column_values_to_not_be_null": 4}


def _by_file(con, files: int = 4) -> None:
    """Table payments in `files` files of 1,000 rows; in each, one amount is missing and one ring is wrong."""
    con.execute("DROP TABLE IF EXISTS payments")
    con.execute(
        "CREATE TABLE payments AS SELECT format('{}.csv', i // 1000) AS source_file, i % 1000 AS source_line,"
        " i AS payment_id, CASE WHEN i % 1000 = 7 THEN NULL ELSE i END AS amount,"
        " CASE WHEN i % 1000 = 9 THEN 'moon' ELSE 'home' END AS ring"
        f" FROM range({files * 1000}) t(i)"
    )


def test_only_files_whose_rows_changed_are_validated_again(con, monkeypatch):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", 1_000)  # a file to a batch
    _by_file(con)
    by_file = {**SUITE, "expectations": SUITE["expectations"][:3]}  # each file can answer these alone
    assert validate_table(con, "payments", by_file).rows_validated == 4000
    assert validate_table(con, "payments", by_file).rows_validated == 0
    # a new file with a missing amount and a payment id already in 0.csv; one row of 2.csv gains a wrong ring
    con.execute("INSERT INTO payments VALUES ('4.csv', 1, 4001, 1, 'home'), ('4.csv', 2, 5, NULL, 'home')")
    con.execute("UPDATE payments SET ring = 'sun' WHERE source_file = '2.csv' AND source_line = 500")
    rows, failures, validated = validate_table(con, "payments", by_file)
    assert (rows, validated) == (4002, 1002)
    assert failures_by_type(failures) == {
        "expect_column_values_to_not_be_null": 5,
        "expect_column_values_to_be_in_set": 5,
    }
    con.execute("DELETE FROM pipeline_state.expectation_suite_results")
    assert validate_table(con, "payments", by_file) == (rows, failures, 4002)


def test_uniqueness_across_files_is_judged_on_the_whole_table_again(con, monkeypatch):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", 1_000)
    _by_file(con)
    assert "expect_column_values_to_be_unique" not in failures_by_type(validate_table(con, "payments", SUITE)[1])
    con.execute("INSERT INTO payments VALUES ('4.csv', 1, 5, 1, 'home')")  # payment 5 is in 0.csv too
    assert failures_by_type(validate_table(con, "payments", SUITE)[1])["expect_column_values_to_be_unique"] == 2


def test_a_removed_file_takes_its_failures_with_it(con, monkeypatch):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", 1_000)
    _by_file(con)
    by_file = {**SUITE, "expectations": SUITE["expectations"][:3]}
    validate_table(con, "payments", by_file)
    con.execute("DELETE FROM payments WHERE source_file IN ('1.csv', '3.csv')")
    rows, failures, validated = validate_table(con, "payments", by_file)
    assert (rows, validated) == (2000, 0)  # a file to a batch: the batches of 0.csv and 2.csv still hold
    assert failures_by_type(failures) == {
        "expect_column_values_to_not_be_null": 2,
        "expect_column_values_to_be_in_set": 2,
    }


def test_a_changed_suite_validates_every_row_again(con):
    _by_file(con)
    validate_table(con, "payments", SUITE)
    rings = {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "ring", "value_set": ["region"]}}
    _, failures, validated = validate_table(con, "payments", {**SUITE, "expectations": [rings]})
    assert (validated, failures_by_type(failures)) == (4000, {"expect_column_values_to_be_in_set": 4000})


def test_a_changed_table_schema_validates_every_row_again(con):
    _by_file(con)
    validate_table(con, "payments", SUITE)
    con.execute("ALTER TABLE payments ADD COLUMN note VARCHAR")  # a table-level expectation could see it
    assert validate_table(con, "payments", SUITE).rows_validated == 4000


def test_starting_great_expectations_leaves_the_runs_sqlalchemy_queries_working():
    """The resource imports GX in a thread while the run goes on; the run's SQLAlchemy queries (Dagster's storage)
    must not meet a half-imported `sqlalchemy.orm` (CI failed once on exactly that)."""
    script = """
import sqlalchemy as sa
from dagster import build_init_resource_context
from assets.expectation_suites import GreatExpectations
import threading
import time
table = sa.table("t", sa.column("a", sa.String))
GreatExpectations().setup_for_execution(build_init_resource_context())
starting = next(t for t in threading.enumerate() if t.name == "great-expectations-start")
queries = 0
while starting.is_alive():
    str(sa.select(table).where(table.c.a.in_([])))
    queries += 1
    time.sleep(0.001)
print(queries)
"""
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 0  # the queries ran while GX was being imported
