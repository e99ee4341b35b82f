"""Social value on a contracts register whose answer is known: a contract over the threshold with commitments and
returns (one rejected then resubmitted, one late, two quarters missing), one over it without commitments (a breach),
one under it whose measure has no proxy value, and lines of every register that cannot be used."""

from datetime import date
from decimal import Decimal

import pytest

from core.config import ConfigError, load_config
from tests.helpers import query, run_analysis, write_analysis

AS_OF = "2020-06-01"  # 2019/20 is complete but not yet closed
SUPPLIERS = b"supplier_name,postcode,company_number\nHome Ltd,Q1 1AA,01234567\nAway Ltd,QM1 1AA,\n"
LEDGER = (
    b"Date,Amount,Supplier Name\n"
    b"2019-05-10,1000.00,Home Ltd\n2019-08-10,2000.00,Home Ltd\n2020-06-10,500.00,Home Ltd\n"
    b"2019-07-01,300.00,Away Ltd\n"
)
FRAMEWORK = """\
# SYNTHETIC measures for a test
outcomes:
  - {id: local_economy, title: A strong local economy}
  - {id: young_people, title: Young people finding work}
  - {id: communities, title: Strengthened communities}
measures:
  - {id: local_jobs, outcome: local_economy, title: Local people employed, unit: FTE, proxy_value: 1000}
  - {id: apprentice_weeks, outcome: young_people, title: Apprenticeships, unit: weeks, proxy_value: 200}
  - {id: volunteering, outcome: communities, title: Volunteering, unit: hours}
"""
CONTRACTS = (
    b"Contract ID,Title,Supplier ID,Supplier Name,Company Number,Value,Start Date,End Date,Department,Category\n"
    b"C-1,Road works,,Home Ltd,,150000,01/04/2019,31/03/2020,Highways,Works\n"
    b"C-2,Cleaning,,Away Ltd,,120000,2019-04-01,2020-03-31,Facilities,Services\n"
    b"C-3,Small job,,,1234567,50000,2019-04-01,2019-09-30,Highways,Works\n"
    b"C-1,Road works again,,Home Ltd,,1,2019-04-01,2020-03-31,Highways,Works\n"
    b"C-4,Nobody,,,,1000,2019-04-01,2020-03-31,,\n"
    b"C-5,Priceless,,Home Ltd,,lots,2019-04-01,2020-03-31,,\n"
    b"C-6,Backwards,,Home Ltd,,10,2020-04-01,2019-04-01,,\n"
)
COMMITMENTS = (
    b"contract_id,measure_id,quantity,fiscal_year\n"
    b"C-1,local_jobs,2,\nC-1,apprentice_weeks,52,2019/20\nC-3,volunteering,100,\n"
    b"C-9,local_jobs,1,\nC-1,unknown_measure,1,\nC-1,local_jobs,3,\nC-3,volunteering,-5,2019/20\n"
)
RETURNS_HEADER = (
    b"contract_id,measure_id,quarter,quantity,evidence,submitted_on,status,verified_quantity,verified_on,note\n"
)
RETURNS = RETURNS_HEADER + (
    b"C-1,local_jobs,2019/20 Q1,1,payroll,2019-07-15,verified,1,2019-08-01,\n"
    b"C-1,apprentice_weeks,2019/20 Q1,10,timesheets,2019-07-20,rejected,,2019-08-01,no evidence\n"
    b"C-1,local_jobs,2019/20 Q2,2,payroll,2019-11-20,pending,,,\n"
    b"C-1,apprentice_weeks,2019/20 Q2,13,timesheets,2019-11-25,verified,12,2019-12-01,\n"
    b"C-3,volunteering,2019/20 Q1,40,log,2019-07-01,verified,40,,\n"
    b"C-3,volunteering,2019/20 Q3,10,log,2020-01-10,pending,,,\n"
    b"C-1,local_jobs,2019/20 Q5,1,,2020-01-05,pending,,,\n"
    b"C-9,local_jobs,2019/20 Q1,1,,2019-07-01,pending,,,\n"
    b"C-1,local_jobs,2019/20 Q3,-1,,2020-01-05,pending,,,\n"
    b"C-1,apprentice_weeks,2019/20 Q3,5,,2020-01-20,verified,6,,\n"
    b"C-1,local_jobs,2019/20 Q3,1,,2020-01-05,maybe,,,\n"
)
RESUBMITTED = RETURNS_HEADER + b"C-1,apprentice_weeks,2019/20Q1,12,timesheets v2,2019-08-05,verified,12,2019-08-20,\n"


@pytest.fixture(scope="module")
def contracted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("social_value")
    (folder / "framework.yaml").write_text(FRAMEWORK)
    (folder / "contracts.csv").write_bytes(CONTRACTS)
    (folder / "commitments.csv").write_bytes(COMMITMENTS)
    (folder / "returns").mkdir()
    (folder / "returns" / "2019-20.csv").write_bytes(RETURNS)
    (folder / "returns" / "2019-20-resubmitted.csv").write_bytes(RESUBMITTED)
    config = write_analysis(
        folder,
        {"l.csv": LEDGER},
        SUPPLIERS,
        social_value="{framework: framework.yaml, contracts: contracts.csv, commitments: commitments.csv, "
        "returns: [returns/*.csv]}",
    )
    result = run_analysis(config, as_of=AS_OF)
    assert result.success
    checks = {(e.asset_key.path[-1], e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert checks[("mart_contract_social_value", "social_value_adds_up")]
    return config


def test_each_contract_is_linked_placed_and_judged_against_the_threshold(contracted):
    assert query(
        contracted,
        "SELECT contract_id, supplier_name, link_method, ring, contract_value, over_threshold, has_commitments,"
        " policy_breach, breach_reason, payments, paid FROM mart_contract_social_value",
    ) == [
        ("C-1", "Home Ltd", "name", "home", Decimal("150000.00"), True, True, False, None, 2, Decimal("3000.00")),
        ("C-2", "Away Ltd", "name", "elsewhere", Decimal("120000.00"), True, False, True,
         "worth £120,000.00 (over £100,000.00) with no social value commitment", 1, Decimal("300.00")),
        ("C-3", "Home Ltd", "company_number", "home", Decimal("50000.00"), False, True, False, None, 2,
         Decimal("3000.00")),
    ]  # fmt: skip


def test_social_value_is_committed_delivered_and_verified_in_units_and_pounds(contracted):
    assert query(
        contracted,
        "SELECT contract_id, measure_id, committed_quantity, delivered_quantity, verified_quantity,"
        " rejected_quantity, pending_quantity, committed_value, delivered_value, verified_value"
        " FROM mart_contract_social_value_measures",
    ) == [
        ("C-1", "apprentice_weeks", 52, 25, 24, 0, 0, Decimal("10400.00"), Decimal("5000.00"), Decimal("4800.00")),
        ("C-1", "local_jobs", 2, 3, 1, 0, 2, Decimal("2000.00"), Decimal("3000.00"), Decimal("1000.00")),
        ("C-3", "volunteering", 100, 40, 40, 0, 0, None, None, None),
    ]
    assert query(
        contracted,
        "SELECT contract_id, measures_committed, measures_without_proxy, committed_value, delivered_value,"
        " verified_value, round(committed_share_of_value, 6), round(verified_share_of_value, 6)"
        " FROM mart_contract_social_value",
    ) == [
        ("C-1", 2, 0, Decimal("12400.00"), Decimal("8000.00"), Decimal("5800.00"), 0.082667, 0.038667),
        ("C-2", 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), 0.0, 0.0),
        ("C-3", 1, 1, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), 0.0, 0.0),
    ]


def test_returns_are_due_a_month_after_each_quarter_and_counted_late_or_missing(contracted):
    assert query(
        contracted,
        "SELECT contract_id, returns_due, returns_received, returns_late, returns_missing, missing_quarters"
        " FROM mart_contract_social_value",
    ) == [
        ("C-1", 4, 2, 1, 2, "2019/20 Q3, 2019/20 Q4"),
        ("C-2", 0, 0, 0, 0, None),
        ("C-3", 2, 1, 0, 1, "2019/20 Q2"),
    ]


def test_a_resubmission_counts_and_the_rejected_return_stays_in_the_history(contracted):
    assert query(
        contracted,
        "SELECT source_file, source_line, status, quantity, counts, superseded_by FROM social_value_returns"
        " WHERE contract_id = 'C-1' AND measure_id = 'apprentice_weeks' AND quarter = '2019/20 Q1'"
        " ORDER BY source_file",
    ) == [
        ("returns/2019-20-resubmitted.csv", 2, "verified", 12, True, None),
        ("returns/2019-20.csv", 3, "rejected", 10, False, "returns/2019-20-resubmitted.csv, line 2"),
    ]


def test_each_year_and_quarter_sums_by_outcome(contracted):
    assert query(
        contracted,
        "SELECT fiscal_year, quarter, outcome_id, measure_id, committed_quantity, delivered_quantity,"
        " verified_quantity, pending_quantity, verified_value, pending_returns FROM mart_social_value_by_outcome",
    ) == [
        ("2019/20", "Q1", "communities", "volunteering", None, 40, 40, 0, None, 0),
        ("2019/20", "Q1", "local_economy", "local_jobs", None, 1, 1, 0, Decimal("1000.00"), 0),
        ("2019/20", "Q1", "young_people", "apprentice_weeks", None, 12, 12, 0, Decimal("2400.00"), 0),
        ("2019/20", "Q2", "local_economy", "local_jobs", None, 2, 0, 2, Decimal("0.00"), 1),
        ("2019/20", "Q2", "young_people", "apprentice_weeks", None, 13, 12, 0, Decimal("2400.00"), 0),
        ("2019/20", "year", "communities", "volunteering", 100, 40, 40, 0, None, 0),
        ("2019/20", "year", "local_economy", "local_jobs", 2, 3, 1, 2, Decimal("1000.00"), 1),
        ("2019/20", "year", "young_people", "apprentice_weeks", 52, 25, 24, 0, Decimal("4800.00"), 0),
    ]


def test_the_backlog_ages_the_returns_awaiting_verification_by_the_runs_day(contracted):
    assert query(
        contracted,
        "SELECT outcome_id, measure_id, age, pending_returns, pending_quantity, pending_value, oldest_submitted_on,"
        " oldest_days_waiting, waiting, as_of FROM mart_social_value_backlog",
    ) == [
        ("local_economy", "local_jobs", "over 90 days", 1, 2, Decimal("2000.00"), date(2019, 11, 20), 194,
         "C-1 2019/20 Q2", date(2020, 6, 1)),
    ]  # fmt: skip


def test_lines_that_cannot_be_used_are_quarantined_with_file_line_and_reason(contracted):
    assert query(contracted, "SELECT source_line, reason FROM contract_quarantine") == [
        (5, "listed twice: line 2 has contract C-1"),
        (6, "no supplier: give supplier_id, supplier_name or company_number"),
        (7, "value 'lots' is not an amount"),
        (8, "end_date 2019-04-01 is before start_date 2020-04-01"),
    ]
    assert query(contracted, "SELECT source_line, reason FROM commitment_quarantine") == [
        (5, "unknown contract 'C-9'"),
        (6, "unknown measure 'unknown_measure': not in the framework"),
        (7, "committed twice: line 2 commits contract C-1 to measure local_jobs"),
        (8, "quantity -5 is negative"),
    ]
    assert query(contracted, "SELECT source_file, source_line, reason FROM return_quarantine") == [
        ("returns/2019-20.csv", 7, "quarter 2019/20 Q3 is outside the contract's dates (2019-04-01 to 2019-09-30)"),
        ("returns/2019-20.csv", 8, "quarter '2019/20 Q5' is not a quarter such as 2020/21 Q1"),
        ("returns/2019-20.csv", 9, "unknown contract 'C-9'"),
        ("returns/2019-20.csv", 10, "quantity -1 is negative"),
        ("returns/2019-20.csv", 11, "verified_quantity 6 is above the declared 5"),
        ("returns/2019-20.csv", 12, "status 'maybe' is not pending, verified or rejected"),
    ]


def test_a_framework_measure_under_an_unknown_outcome_is_a_configuration_error(tmp_path):
    (tmp_path / "framework.yaml").write_text(FRAMEWORK.replace("outcome: communities", "outcome: nowhere"))
    (tmp_path / "contracts.csv").write_bytes(CONTRACTS)
    config = write_analysis(
        tmp_path, {"l.csv": LEDGER}, SUPPLIERS, social_value="{framework: framework.yaml, contracts: contracts.csv}"
    )
    with pytest.raises(
        ConfigError,
        match=r"social_value.framework: .*framework.yaml: measure 'volunteering': "
        r"outcome 'nowhere' is not one of \['communities', 'local_economy', 'young_people'\]",
    ):
        load_config(config)  # fmt: skip


def test_without_social_value_the_policy_outcomes_apply_and_the_marts_are_empty(tmp_path):
    config = write_analysis(tmp_path, {"l.csv": LEDGER}, SUPPLIERS)
    assert len(load_config(config).framework.outcomes) == 6
    assert run_analysis(config, as_of=AS_OF).success
    for table in (
        "mart_contract_social_value",
        "mart_contract_social_value_measures",
        "mart_social_value_by_outcome",
        "mart_social_value_backlog",
    ):
        assert query(config, f"SELECT count(*) FROM {table}") == [(0,)]


def test_the_samples_contracts_give_the_figures_worked_by_hand(sample_run):
    """SC-001: committed 4 FTE x £1,000 + 104 weeks x £250 + 200 hours x £15 = £33,000; six quarters declared 1 FTE,
    13 weeks and 25 hours each (£27,750), the last pending (£23,125 verified); due 8 quarters to 2020/21 Q4, two
    missing, 2019/20 Q2 late. SC-002: £2,000 + 50 t x £100 = £7,000 committed; eight quarters of 6 t (5 verified) and
    0.5 FTE, the last pending and 2020/21 Q1's FTE rejected: £4,800 + £4,000 declared, £3,500 + £3,000 verified.
    SC-003 is over £100,000 with no commitment; SC-005's four quarters of 2021/22 are all missing."""
    config, result = sample_run
    assert result.success
    assert query(
        config,
        "SELECT contract_id, link_method, ring, policy_breach, committed_value, delivered_value, verified_value,"
        " returns_due, returns_received, returns_late, returns_missing FROM mart_contract_social_value",
    ) == [
        ("SC-001", "name", "home", False, Decimal("33000.00"), Decimal("27750.00"), Decimal("23125.00"), 8, 6, 1, 2),
        ("SC-002", "name", "region", False, Decimal("7000.00"), Decimal("8800.00"), Decimal("6500.00"), 8, 8, 0, 0),
        ("SC-003", "name", "elsewhere", True, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), 0, 0, 0, 0),
        ("SC-004", "name", "home", False, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), 0, 0, 0, 0),
        ("SC-005", "company_number", "region", False, Decimal("1500.00"), Decimal("0.00"), Decimal("0.00"), 4, 0, 0, 4),
    ]
    assert query(
        config,
        "SELECT sum(rejected_quantity), sum(pending_returns) FROM mart_social_value_by_outcome WHERE quarter = 'year'",
    ) == [(Decimal("0.5"), 5)]
    assert query(config, "SELECT source_line, reason FROM commitment_quarantine") == [
        (9, "unknown measure 'free_lunches': not in the framework")
    ]
    assert query(config, "SELECT source_file, source_line, reason FROM return_quarantine") == [
        ("returns/2019-2022.csv", 36, "unknown contract 'SC-999'")
    ]


def test_the_headline_says_what_the_procurement_rules_found(sample_run):
    from pipelines.report import headline

    config, _ = sample_run
    lines = headline(load_config(config)).splitlines()
    assert (
        "Written quotations with a local invitee (home, else region): 2019/20 2 of 3, 1 in breach, 2020/21 1 of 2, "
        "1 not known (mart_quote_compliance)." in lines
    )
    assert (
        "Social value: 5 contracts, 4 over the threshold, 1 of them without commitments; committed £41,500.00, "
        "delivered £36,550.00, verified £29,625.00; 6 quarterly returns missing (mart_contract_social_value)." in lines
    )


def test_a_workbook_register_and_windows_1252_returns_give_the_same_figures(contracted, tmp_path):
    import csv
    import io

    import pandas as pd

    rows = list(csv.reader(io.StringIO(CONTRACTS.decode())))
    book = io.BytesIO()
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame([["Contracts register, SYNTHETIC"]]).to_excel(
            writer, sheet_name="Notes", header=False, index=False
        )
        pd.DataFrame(rows).to_excel(writer, sheet_name="Register", header=False, index=False)
    (tmp_path / "framework.yaml").write_text(FRAMEWORK)
    (tmp_path / "contracts.xlsx").write_bytes(book.getvalue())
    (tmp_path / "commitments.csv").write_bytes(COMMITMENTS)
    (tmp_path / "returns").mkdir()
    (tmp_path / "returns" / "2019-20.csv").write_bytes(RETURNS.replace(b"payroll", "£ payroll".encode("cp1252")))
    (tmp_path / "returns" / "2019-20-resubmitted.csv").write_bytes(RESUBMITTED)
    config = write_analysis(
        tmp_path,
        {"l.csv": LEDGER},
        SUPPLIERS,
        social_value="{framework: framework.yaml, contracts: contracts.xlsx, commitments: commitments.csv, "
        "returns: [returns/*.csv]}",
    )
    assert run_analysis(config, as_of=AS_OF).success
    figures = "SELECT * EXCLUDE (source_file) FROM {}"
    for table in ("contracts", "mart_contract_social_value", "mart_social_value_by_outcome"):
        found = query(config, figures.format(table) if table == "contracts" else f"SELECT * FROM {table}")
        assert found == query(contracted, figures.format(table) if table == "contracts" else f"SELECT * FROM {table}")
    assert query(config, "SELECT DISTINCT evidence FROM social_value_returns WHERE evidence LIKE '%payroll'") == [
        ("£ payroll",)
    ]
    assert query(config, "SELECT DISTINCT source_file FROM contracts") == [("contracts.xlsx#Register",)]
