"""Property tests: every way councils write a known amount or date parses back to exactly that value."""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sql import install_macros

PENCE = st.integers(min_value=-(10**12), max_value=10**12)
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2068, 12, 31))


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    install_macros(con)
    return con


def pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


def spellings(pence: int) -> list[str]:
    whole, frac = divmod(abs(pence), 100)
    plain, grouped = f"{whole}.{frac:02d}", f"{whole:,}.{frac:02d}"
    if pence < 0:
        return [f"-{plain}", f"({grouped})", f"£({grouped})", f"({plain})", f"{plain}-", f"{grouped} CR",
                f"-£{grouped}", f"£-{plain}", f" - £ {grouped} "]  # fmt: skip
    return [
        plain,
        grouped,
        f"£{grouped}",
        f"£ {plain}",
        f" {plain} ",
        repr(pence / 100) if abs(pence) < 2**50 else plain,
    ]


@settings(max_examples=200, deadline=None)
@given(PENCE)
def test_every_spelling_of_an_amount_parses_to_it_exactly(con, pence):
    for text in spellings(pence):
        assert con.execute("SELECT parse_amount(?)", [text]).fetchone()[0] == pounds(pence), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789£,.()- CR\t", max_size=14))
def test_any_text_gives_a_penny_amount_or_null_never_an_error(con, text):
    value = con.execute("SELECT parse_amount(?)", [text]).fetchone()[0]
    assert value is None or value == value.quantize(Decimal("0.01"))


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_every_spelling_of_a_date_parses_to_it(con, day):
    texts = [
        day.isoformat(),
        f"{day.isoformat()} 00:00:00",
        f"{day.isoformat()}T13:45:00",
        day.strftime("%d/%m/%Y"),
        day.strftime("%d/%m/%y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%b-%y"),
        day.strftime("%d %B %Y"),
        str((day - dt.date(1899, 12, 30)).days),
    ]
    for text in texts:
        assert con.execute("SELECT parse_date(?, true)", [text]).fetchone()[0] == day, text
    assert con.execute("SELECT parse_date(?, false)", [day.strftime("%m/%d/%Y")]).fetchone()[0] == day
    start = day.year if day.month >= 4 else day.year - 1
    assert con.execute("SELECT fiscal_year(?::DATE)", [day]).fetchone()[0] == f"{start}/{(start + 1) % 100:02d}"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='ab ,"\t\x1f', max_size=16))
def test_the_fast_roads_to_a_records_fields_agree_with_the_pattern(con, record):
    fields, by_pattern = con.execute("SELECT csv_fields(?), csv_fields_by_pattern(?)", [record, record]).fetchone()
    assert fields == by_pattern, record


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=" \ta,", max_size=3), min_size=1, max_size=4))
def test_a_record_is_blank_when_every_field_is_spaces_or_nothing(con, fields):
    blank = con.execute("SELECT is_blank_record(?::VARCHAR[])", [fields]).fetchone()[0]
    assert blank == all(f.strip(" ") == "" for f in fields), fields


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ,\t", max_size=12))
def test_a_line_without_a_quote_never_opens_one(con, line):
    assert con.execute("SELECT ends_in_quoted_field(?)", [line]).fetchone()[0] is False
