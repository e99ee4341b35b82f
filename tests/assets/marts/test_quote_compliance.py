"""Written quotations against the local-quote rule, on exercises whose answer is known: one with a home invitee
(placed through the supplier file, having no postcode of its own), one with only a region invitee, one breach, one
that cannot be judged (an invitee the directory does not hold), and lines that cannot be used."""

from datetime import date
from decimal import Decimal

import pytest

from tests.helpers import query, run_analysis, write_analysis

SUPPLIERS = b"supplier_name,postcode\nHome Ltd,Q1 1AA\n"
LEDGER = b"Date,Amount,Supplier Name\n2019-04-10,100.00,Home Ltd\n2020-04-10,50.00,Home Ltd\n"
QUOTATIONS = (
    "Exercise ID,Date,Value,Department,Category,Supplier Name,Postcode,Company Number,Responded,Awarded\n"
    'Q-1,10/05/2019,"£5,000.00",Highways,Works,Home Ltd,,,yes,yes\n'
    "Q-1,10/05/2019,5000,Highways,Works,Far Firm,QM1 1AA,,no,no\n"
    "Q-2,2019-06-01,8000,Highways,Works,Sheffield Co,QS1 1AA,,yes,yes\n"
    "Q-2,2019-06-01,8000,Highways,Works,Far Firm,QM1 1AA,,Y,N\n"
    "Q-3,2019-07-01,12000,Care,Care,Far Firm,QM1 1AA,,yes,yes\n"
    "Q-3,2019-07-01,12500,Care,Care,Other Far,QM1 1AA,,maybe,no\n"
    "Q-4,2020-05-01,3000,Care,,Mystery Ltd,ZZ9 9ZZ,,,\n"
    "Q-4,2020-05-01,3000,Care,,Far Firm,QM1 1AA,,,\n"
    "Q-4,2020-05-01,3000,Care,,FAR FIRM LIMITED,QM1 1AA,,,\n"  # invited twice
    ",2020-05-01,3000,Care,,X,QM1 1AA,,,\n"
    "Q-5,someday,100,Care,,Y,QM1 1AA,,,\n"
    "Q-6,2020-06-01,100,Care,,,QM1 1AA,,,\n"
).encode()


@pytest.fixture(scope="module")
def quoted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quotations")
    (folder / "quotations.csv").write_bytes(QUOTATIONS)
    config = write_analysis(folder, {"l.csv": LEDGER}, SUPPLIERS, quotations="quotations.csv")
    result = run_analysis(config)
    assert result.success
    checks = {(e.asset_key.path[-1], e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert checks[("mart_quote_compliance_by_year", "quote_compliance_adds_up")]
    assert all(checks[(table, "expectation_suite")] for table in ("quotations", "mart_quote_compliance"))
    return config


def test_each_exercise_is_judged_by_where_its_invitees_are(quoted):
    assert query(
        quoted,
        "SELECT fiscal_year, exercise_id, exercise_date, exercise_value, department, invitees, home_invitees,"
        " region_invitees, elsewhere_invitees, unknown_invitees, responses, local_responses, awarded_to,"
        " awarded_rings, compliance, compliant, reason FROM mart_quote_compliance ORDER BY exercise_id",
    ) == [
        ("2019/20", "Q-1", date(2019, 5, 10), Decimal("5000.00"), "Highways", 2, 1, 0, 1, 0, 1, 1, "Home Ltd",
         "home", "home", True, None),
        ("2019/20", "Q-2", date(2019, 6, 1), Decimal("8000.00"), "Highways", 2, 0, 1, 1, 0, 2, 1, "Sheffield Co",
         "region", "region", True,
         "no invitee from Test Council: compliant by the region (1 invitee(s) in Test Region)"),
        ("2019/20", "Q-3", date(2019, 7, 1), Decimal("12000.00"), "Care", 2, 0, 0, 2, 0, 1, 0, "Far Firm",
         "elsewhere", "breach", False, "no invitee from Test Council or Test Region: all 2 invitee(s) are elsewhere"),
        ("2020/21", "Q-4", date(2020, 5, 1), Decimal("3000.00"), "Care", 2, 0, 0, 1, 1, 0, 0, None, None,
         "not known", None, "no invitee from Test Council or Test Region is known; 1 invitee(s) could not be placed "
         "(postcode_not_in_directory): place them to decide"),
    ]  # fmt: skip
    assert query(quoted, "SELECT invited FROM mart_quote_compliance WHERE exercise_id = 'Q-1'") == [
        ("Home Ltd (home); Far Firm (elsewhere)",)
    ]


def test_each_year_and_department_counts_its_exercises(quoted):
    assert query(
        quoted,
        "SELECT fiscal_year, department, exercises, compliant_home, compliant_region, breaches, not_known,"
        " round(compliant_share, 4), exercise_value, breach_value, breach_exercises"
        " FROM mart_quote_compliance_by_year",
    ) == [
        ("2019/20", "(all departments)", 3, 1, 1, 1, 0, 0.6667, Decimal("25000.00"), Decimal("12000.00"), "Q-3"),
        ("2019/20", "Care", 1, 0, 0, 1, 0, 0.0, Decimal("12000.00"), Decimal("12000.00"), "Q-3"),
        ("2019/20", "Highways", 2, 1, 1, 0, 0, 1.0, Decimal("13000.00"), Decimal("0.00"), None),
        ("2020/21", "(all departments)", 1, 0, 0, 0, 1, None, Decimal("3000.00"), Decimal("0.00"), None),
        ("2020/21", "Care", 1, 0, 0, 0, 1, None, Decimal("3000.00"), Decimal("0.00"), None),
    ]


def test_lines_that_cannot_be_used_are_quarantined_and_field_problems_kept(quoted):
    assert query(quoted, "SELECT source_file, source_line, reason FROM quotation_quarantine") == [
        ("quotations.csv", 10, "invited twice: line 9 invites the same supplier to exercise Q-4"),
        ("quotations.csv", 11, "exercise_id is empty"),
        ("quotations.csv", 12, "date 'someday' is not a date"),
        ("quotations.csv", 13, "supplier_name is empty"),
    ]
    assert query(quoted, "SELECT source_line, field_problems FROM quotations WHERE field_problems IS NOT NULL") == [
        (7, "value '12500' differs from the exercise's first line, which counts; responded 'maybe' is not a yes or no"),
    ]


def test_invitees_are_placed_as_suppliers_are_and_kept_out_of_the_leakage_bidders(quoted):
    assert query(
        quoted,
        "SELECT party_id, party_kind, supplier_name, ring, method FROM supplier_locations"
        " WHERE party_kind = 'invitee' ORDER BY CAST(party_id[2:] AS INTEGER)",
    ) == [
        ("Q2", "invitee", "Home Ltd", "home", "postcode"),
        ("Q3", "invitee", "Far Firm", "elsewhere", "postcode"),
        ("Q4", "invitee", "Sheffield Co", "region", "postcode"),
        ("Q5", "invitee", "Far Firm", "elsewhere", "postcode"),
        ("Q6", "invitee", "Far Firm", "elsewhere", "postcode"),
        ("Q7", "invitee", "Other Far", "elsewhere", "postcode"),
        ("Q8", "invitee", "Mystery Ltd", "unknown", "postcode_not_in_directory"),
        ("Q9", "invitee", "Far Firm", "elsewhere", "postcode"),
    ]


def test_without_a_quotations_file_there_are_no_exercises(tmp_path):
    config = write_analysis(tmp_path, {"l.csv": LEDGER}, SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT count(*) FROM mart_quote_compliance") == [(0,)]
    assert query(config, "SELECT count(*) FROM mart_quote_compliance_by_year") == [(0,)]


def test_the_samples_exercises_are_judged_as_generated(sample_run):
    from tooling.sample import build_sample

    config, _ = sample_run
    expected = build_sample().quotations
    assert query(config, "SELECT exercise_id, fiscal_year, department, compliance FROM mart_quote_compliance") == [
        (exercise, *judged) for exercise, judged in sorted(expected.items())
    ]
    assert query(config, "SELECT source_line, reason FROM quotation_quarantine") == [
        (13, "invited twice: line 11 invites the same supplier to exercise RFQ-20-002")
    ]
