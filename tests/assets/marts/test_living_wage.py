"""Spend with accredited Living Wage employers, on a ledger whose answer is known: three suppliers, two of them
accredited (one known to the file by company number under another name, one by name, accredited mid-year), and a
file with an unmatched employer, a line listed twice and lines that cannot be used."""

from datetime import date
from decimal import Decimal

import pytest

from tests.helpers import query, run_analysis, write_analysis

SUPPLIERS = (
    b"supplier_name,postcode,company_number\n"
    b"Home Ltd,Q1 1AA,01234567\nRegion Care Ltd,QS1 1AA,\nAway Ltd,QM1 1AA,07654321\n"
)
LEDGER = (
    b"Date,Amount,Supplier Name\n"
    b"2019-04-10,100.00,Home Ltd\n2019-09-10,200.00,Region Care Ltd\n2019-10-10,300.00,Region Care Ltd\n"
    b"2019-11-10,400.00,Away Ltd\n2020-04-10,50.00,Home Ltd\n2020-05-10,(20.00),Region Care Ltd\n"
)
FILE = (
    b"Name,Company Number,Accredited On\n"
    b"Homely Holdings,1234567,01/01/2019\n"  # Home Ltd by its company number (leading zero restored)
    b"REGION CARE LIMITED,,01/10/2019\n"  # Region Care Ltd by name, from 1 October 2019
    b"Nowhere Bakery Ltd,,2020-01-01\n"  # no payee: listed as unmatched
    b"Region Care Ltd,,2018-01-01\n"  # listed twice
    b",,2019-01-01\n"
    b"Dateless Ltd,,soon\n"
    b"Bad Number Ltd,123456789,2019-01-01\n"  # kept, matched by name only; its number is a field problem
)


@pytest.fixture(scope="module")
def accredited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("living_wage")
    (folder / "living_wage.csv").write_bytes(FILE)
    config = write_analysis(folder, {"l.csv": LEDGER}, SUPPLIERS, living_wage="living_wage.csv")
    result = run_analysis(config)
    assert result.success
    return config


def test_spend_with_accredited_employers_counts_from_the_day_of_accreditation(accredited):
    assert query(
        accredited,
        "SELECT fiscal_year, payments, total_spend, accredited_payments, accredited_spend, round(accredited_share, 6),"
        " accredited_home_spend, accredited_region_spend, accredited_elsewhere_spend, accredited_unknown_spend,"
        " accredited_employers_paid FROM mart_living_wage WHERE base = 'all' ORDER BY fiscal_year",
    ) == [
        # Home Ltd's £100 and Region Care's October £300 (its September £200 came before accreditation)
        ("2019/20", 4, Decimal("1000.00"), 2, Decimal("400.00"), 0.4,
         Decimal("100.00"), Decimal("300.00"), Decimal("0.00"), Decimal("0.00"), 2),
        ("2020/21", 2, Decimal("30.00"), 2, Decimal("30.00"), 1.0,
         Decimal("50.00"), Decimal("-20.00"), Decimal("0.00"), Decimal("0.00"), 2),
    ]  # fmt: skip


def test_each_employer_says_how_it_matched_and_what_was_paid_since(accredited):
    assert query(
        accredited,
        "SELECT source_line, employer_name, company_number, accredited_on, match_method, ledger_names,"
        " payments_since_accredited, spend_since_accredited FROM mart_living_wage_employers ORDER BY source_line",
    ) == [
        (2, "Homely Holdings", "1234567", date(2019, 1, 1), "company_number", ["Home Ltd"], 2,
         Decimal("150.00")),
        (3, "REGION CARE LIMITED", None, date(2019, 10, 1), "name", ["Region Care Ltd"], 2,
         Decimal("280.00")),
        (4, "Nowhere Bakery Ltd", None, date(2020, 1, 1), None, [], 0, Decimal("0.00")),
        (8, "Bad Number Ltd", "123456789", date(2019, 1, 1), None, [], 0, Decimal("0.00")),
    ]  # fmt: skip


def test_lines_that_cannot_be_used_are_quarantined_with_file_line_and_reason(accredited):
    assert query(accredited, "SELECT source_file, source_line, reason FROM living_wage_quarantine") == [
        ("living_wage.csv", 5, "listed twice: line 3 names the same employer"),
        ("living_wage.csv", 6, "name is empty"),
        ("living_wage.csv", 7, "accredited_on 'soon' is not a date"),
    ]
    assert query(accredited, "SELECT field_problems FROM living_wage_employers WHERE source_line = 8") == [
        ("company_number '123456789' is not a company number (8 digits, or 2 letters and 6 digits)",)
    ]


def test_without_a_file_there_are_no_living_wage_figures(analysis):
    config = analysis({"l.csv": LEDGER}, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT count(*) FROM mart_living_wage") == [(0,)]
    assert query(config, "SELECT count(*) FROM living_wage_employers") == [(0,)]


def test_a_file_without_the_required_columns_is_an_error_naming_it(analysis):
    config = analysis({"l.csv": LEDGER}, supplier_file=SUPPLIERS, living_wage="lw.csv")
    (config.parent / "lw.csv").write_text("Employer,Since\nHome Ltd,2019-01-01\n")
    result = run_analysis(config)
    assert not result.success
    [failure] = [e for e in result.get_step_failure_events() if e.step_key == "living_wage_employers"]
    assert "lw.csv, line 1: accredited employers' file has no column name, accredited_on" in str(
        failure.event_specific_data.error
    )


@pytest.mark.parametrize("base", ["all", "influenceable"])
def test_the_samples_accredited_spend_is_the_spend_of_its_accredited_suppliers_since_accreditation(sample_run, base):
    from tooling.sample import build_sample

    config, _ = sample_run
    sample = build_sample()
    expected: dict[str, list[int]] = {}
    for row in sample.expected_rows:
        if row.loaded and (base == "all" or row.exclusion is None):
            year = expected.setdefault(row.fiscal_year, [0, 0])
            year[0] += row.pence
            since = sample.living_wage.get(row.party or "")
            year[1] += row.pence if since is not None and row.fiscal_year >= since else 0
    found = query(
        config,
        "SELECT fiscal_year, total_spend, accredited_spend, accredited_employers_paid FROM mart_living_wage"
        " WHERE base = ? ORDER BY fiscal_year",
        [base],
    )
    assert [(y, t, a) for y, t, a, _ in found] == [
        (y, Decimal(total) / 100, Decimal(accredited) / 100) for y, (total, accredited) in sorted(expected.items())
    ]
    assert [n for *_, n in found] == [1, 2, 3, 3]  # one accredited from 2018/19, one more from 2019/20, 2020/21
    assert query(config, "SELECT employer_name, match_method FROM mart_living_wage_employers ORDER BY source_line") == [
        ("HEATHERSIDE ELECTRICAL LLP", "name"),
        ("UNDERHILL CONSULTING LTD", "name"),
        ("Synthetic Holdings Group", "company_number"),
        ("Nowhere Bakery Ltd", None),
    ]
    assert query(config, "SELECT source_line, reason FROM living_wage_quarantine") == [
        (6, "accredited_on 'pending' is not a date")
    ]


def test_the_headline_says_the_share_with_accredited_employers_and_who_matched_no_payee(sample_run):
    from core.config import load_config
    from pipelines.report import headline

    config, _ = sample_run
    [line] = [line for line in headline(load_config(config)).splitlines() if "Living Wage" in line]
    assert line.startswith("Spend with accredited Living Wage employers: 2018/19 ")
    assert "(1 paid), 2019/20 " in line and "(2 paid), 2020/21 " in line
    assert line.endswith("; 1 listed employer(s) match no payee (mart_living_wage_employers).")
