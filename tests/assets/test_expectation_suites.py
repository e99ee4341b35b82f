"""Suites validated in chunks find exactly what a whole-table validation finds, holding a chunk at a time."""

import duckdb
import pytest

from assets import expectation_suites
from assets.expectation_suites import validate_table

SUITE = {
    "name": "payments",
    "expectations": [
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["source_file", "source_line"]}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "tier", "value_set": ["home", "region"]}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "payment_id"}},
    ],
}


@pytest.fixture
def con():
    con = duckdb.connect()
    # 5,000 rows: line 4,999 repeats line 1's key, payment 4,998 repeats payment 2, two amounts are missing and
    # three tiers are wrong, spread over the table
    con.execute(
        "CREATE TABLE payments AS SELECT 'a.csv' AS source_file,"
        " CASE WHEN i = 4999 THEN 1 ELSE i END AS source_line,"
        " CASE WHEN i = 4998 THEN 2 ELSE i END AS payment_id,"
        " CASE WHEN i IN (7, 3500) THEN NULL ELSE i * 1.5 END AS amount,"
        " CASE WHEN i IN (2, 2500, 4990) THEN 'moon' WHEN i % 2 = 0 THEN 'home' ELSE 'region' END AS tier"
        " FROM range(1, 5001) t(i)"
    )
    return con


def failures_by_type(failures):
    return {f["expectation"]: f["unexpected_count"] for f in failures}


@pytest.mark.parametrize("chunk_rows", [1_000_000, 1_000])
def test_chunked_validation_counts_every_failure_once(con, monkeypatch, chunk_rows):
    monkeypatch.setattr(expectation_suites, "CHUNK_ROWS", chunk_rows)
    rows, failures = validate_table(con, "payments", SUITE)
    assert rows == 5000
    assert failures_by_type(failures) == {
        "expect_compound_columns_to_be_unique": 2,
        "expect_column_values_to_not_be_null": 2,
        "expect_column_values_to_be_in_set": 3,
        "expect_column_values_to_be_unique": 2,
    }
    assert [f["expectation"] for f in failures] == [e["type"] for e in SUITE["expectations"]]


def test_an_empty_table_passes_a_suite(con):
    con.execute("DELETE FROM payments")
    assert validate_table(con, "payments", SUITE) == (0, [])


def test_a_row_condition_brings_the_columns_it_names(con):
    suite = {
        "name": "payments",
        "expectations": [
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "amount", "row_condition": "tier == 'home'", "condition_parser": "pandas"},
            }
        ],
    }
    assert expectation_suites.suite_columns(suite) == ["amount", "tier"]
    # amount is missing on rows 7 (tier 'region') and 3500 (tier 'home'): only 3500 is under the condition
    rows, [failure] = validate_table(con, "payments", suite)
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
    assert validate_table(con, "t", suite) == (5000, [])
    suite["expectations"][0]["kwargs"]["mostly"] = 0.9995
    assert failures_by_type(validate_table(con, "t", suite)[1]) == {"expect_column_values_to_not_be_null": 4}
