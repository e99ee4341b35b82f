"""How a published column is written, from its DuckDB type and name, and what a table means."""

from decimal import Decimal

import pytest

from core.columns import column_kind, column_meaning, formatted, table_meaning


@pytest.mark.parametrize(
    ("column", "duckdb_type", "value", "written"),
    [
        ("home_spend", "DECIMAL(18,2)", Decimal("-1234.5"), "-£1,234.50"),
        ("breach_value", "DECIMAL(38,2)", Decimal("23750.5"), "£23,750.50"),
        ("home_share", "DOUBLE", 0.42149, "42.1%"),
        ("gap_to_target", "DOUBLE", 0.059, "+5.9 pts"),
        ("lm3", "DECIMAL(18,6)", Decimal("1.427138"), "1.43"),
        ("payments", "HUGEINT", 3517, "3,517"),
        ("score", "DOUBLE", 87.5, "87.5"),
        ("policy_breach", "BOOLEAN", True, "yes"),
        ("accredited_on", "DATE", None, ""),
        ("ring", "VARCHAR", "home", "home"),
    ],
)
def test_each_kind_is_written_as_the_reports_write_it(column, duckdb_type, value, written):
    assert formatted(value, column_kind(column, duckdb_type)) == written


def test_a_tables_own_meaning_wins_and_a_tables_comes_from_its_sql():
    assert column_meaning("mart_lm3", "method").startswith("What R3 assumes")
    assert column_meaning("mart_top_suppliers", "method") == "How the figures were made (see the table's description)."
    assert column_meaning("mart_local_spend_by_year", "no_such_column") is None
    assert table_meaning("mart_local_spend_by_year").startswith("One row per financial year and base: spend in each")
    assert table_meaning("restatements").startswith("Each change to a closed year's figures")
    assert table_meaning("no_such_table") is None
