"""The shared parsing rules, value by value."""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from core.sql import install_macros


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    install_macros(con)
    return con


def one(con, sql, *params):
    return con.execute(f"SELECT {sql}", list(params)).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("£1,234.56", "1234.56"),
        (" £ 1,234.56 ", "1234.56"),
        ("£ 1234.5", "1234.50"),
        ("1 234.56", None),  # digits apart: not a number we can trust
        ("(12.00)", "-12.00"),
        ("£(1,200.50)", "-1200.50"),
        ("12.00-", "-12.00"),
        ("12.00 CR", "-12.00"),
        ("-12", "-12.00"),
        ("1136.8400000000001", "1136.84"),
        ("2025.9999999999998", "2026.00"),
        ("12.345", None),  # a real fraction of a penny is not rounded away
        ("-£12.00", "-12.00"),
        ("(£1,200.50)", "-1200.50"),
        ("(5", None),
        ("5)", None),
        ("(-5)", None),
        ("-5-", None),
        ("-5CR", None),
        ("£1,2", None),
        ("1,,2", None),
        ("1.234,56", None),
        ("1£2", None),
        ("TBC", None),
        ("12.3.4", None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_amount(con, text, expected):
    assert one(con, "parse_amount(?)", text) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2019-04-01", True, dt.date(2019, 4, 1)),
        ("2019-04-01 00:00:00", True, dt.date(2019, 4, 1)),
        ("01/04/2019", True, dt.date(2019, 4, 1)),
        ("01/04/2019", False, dt.date(2019, 1, 4)),
        ("1-Apr-19", True, dt.date(2019, 4, 1)),
        ("43556", True, dt.date(2019, 4, 1)),  # Excel serial day
        ("01/04/19", True, dt.date(2019, 4, 1)),
        ("01-04-19", True, dt.date(2019, 4, 1)),
        ("01.04.19", True, dt.date(2019, 4, 1)),
        ("04/01/19", False, dt.date(2019, 4, 1)),
        ("2019-04-01 10:00", True, dt.date(2019, 4, 1)),
        ("2019-04-01T10:00:00Z", True, dt.date(2019, 4, 1)),
        ("1 April 2019", True, dt.date(2019, 4, 1)),
        ("00000", True, None),  # an Excel serial outside 1990-2100
        ("99999", True, None),
        ("01/04/1919", True, None),
        ("31/02/2019", True, None),
        ("next week", True, None),
    ],
)
def test_parse_date(con, text, day_first, expected):
    assert one(con, "parse_date(?, ?)", text, day_first) == expected


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2019, 4, 1), "2019/20"), (dt.date(2020, 3, 31), "2019/20"), (dt.date(1999, 12, 1), "1999/00")],
)
def test_fiscal_year_runs_april_to_march(con, day, year):
    assert one(con, "fiscal_year(?::DATE)", day) == year


def test_names_match_ignoring_case_spacing_punctuation_and_legal_form(con):
    variants = [
        "Acme Widgets Ltd",
        "ACME WIDGETS LIMITED",
        "Acme  Widgets Ltd.",
        "The Acme Widgets plc",
        "acme-widgets",
    ]
    assert {one(con, "normalise_name(?)", v) for v in variants} == {"acme widgets"}
    assert one(con, "normalise_name(?)", "Smith & Sons Ltd") == one(con, "normalise_name(?)", "Smith and Sons")
    assert one(con, "normalise_name(?)", "  ") is None


def test_postcodes_compare_without_case_or_spaces(con):
    assert one(con, "normalise_postcode(?)", "s1  1aa") == "S11AA"
    assert one(con, "normalise_postcode(?)", " ") is None
    assert one(con, "is_postcode(normalise_postcode(?))", "SW1A 1AA")
    assert not one(con, "is_postcode(normalise_postcode(?))", "NOT KNOWN")


@pytest.mark.parametrize(
    ("record", "fields"),
    [
        ("a,b,c", ["a", "b", "c"]),
        (",,x,", ["", "", "x", ""]),
        ('"Smith, Jones",2', ["Smith, Jones", "2"]),
        ('"say ""hi""",2', ['say "hi"', "2"]),
        ('"two\nlines",2', ["two\nlines", "2"]),
        ('"abc"def,x', ['"abc"def', "x"]),
        ("", [""]),
    ],
)
def test_csv_fields(con, record, fields):
    assert one(con, "csv_fields(?)", record) == fields


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("Mr J Smith", True),
        ("MRS JONES", True),
        ("Dr. A Patel", True),
        ("J Smith", True),
        ("J. R. Hartley", True),
        ("Acme Widgets Ltd", False),
        ("J Smith Plumbing Ltd", False),
        ("MRS BUCKET CLEANING LTD", True),  # a title first is flagged: the analyst reviews
        ("Sheffield City Council", False),
    ],
)
def test_names_that_look_like_private_individuals(con, name, personal):
    assert one(con, "looks_like_individual(?)", name) is personal


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),  # leading zero dropped by a spreadsheet
        (" sc123456 ", "SC123456"),
        ("NI3503", "NI003503"),  # zeros dropped after the prefix (as in Calderdale's ledger)
        ("JE672636A", None),  # a National Insurance number, not a company
        ("123456789", None),
        ("0", None),
        ("N/A", None),
        (None, None),
    ],
)
def test_company_numbers_as_companies_house_writes_them(con, text, expected):
    assert con.execute("SELECT normalise_company_number(?)", [text]).fetchone()[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [("yes", True), (" Y ", True), ("TRUE", True), ("1", True), ("x", True), ("No", False), ("n", False),
     ("false", False), ("0", False), ("", None), ("maybe", None), (None, None)],
)  # fmt: skip
def test_yes_and_no_as_registers_write_them(con, text, expected):
    assert one(con, "parse_flag(?)", text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("12", "12.0000"), ("2.5", "2.5000"), ("1,200", "1200.0000"), ("£1,200.50", "1200.5000"), ("-3", "-3.0000"),
     ("0.12345", "0.1235"), ("lots", None), ("", None), (None, None)],
)  # fmt: skip
def test_quantities_as_registers_write_them(con, text, expected):
    found = one(con, "parse_quantity(?)", text)
    assert (None if found is None else str(found)) == expected


def test_a_quantity_at_its_proxy_value_is_money_to_the_penny(con):
    assert one(con, "at_proxy(CAST(2.5 AS DECIMAL(18, 4)), CAST(12.345 AS DECIMAL(18, 4)))") == Decimal("30.86")
    assert one(con, "at_proxy(CAST(3 AS DECIMAL(18, 4)), NULL)") is None
