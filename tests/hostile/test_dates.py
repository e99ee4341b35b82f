"""Dates are read in the order each file writes them, never half in one order and half quarantined."""

import re
import shutil

from tests.helpers import SAMPLE_DIR, query, run_analysis

HEADER = "Date,Amount,Supplier Name\n"


def ledger(*dates: str) -> bytes:
    return (HEADER + "".join(f"{d},{n}.00,Acme Ltd\n" for n, d in enumerate(dates, start=1))).encode()


def read(config, source_file: str) -> tuple[list[str], str]:
    dates = [d for (d,) in query(
        config,
        "SELECT CAST(payment_date AS VARCHAR) FROM ledger_transactions WHERE source_file = ? ORDER BY source_line",
        [source_file],
    )]  # fmt: skip
    [(order,)] = query(config, "SELECT date_order FROM ledger_files WHERE source_file = ?", [source_file])
    return dates, order


def test_weekly_dates_written_month_first_in_a_day_first_analysis_all_load_in_their_month(analysis):
    # the case: 03/05 and 03/12 would load as 3 May and 3 December, 03/19 and 03/26 be quarantined
    config = analysis({"weekly.csv": ledger("03/05/2020", "03/12/2020", "03/19/2020", "03/26/2020")})
    assert run_analysis(config).success
    assert read(config, "ledger/weekly.csv") == (
        ["2020-03-05", "2020-03-12", "2020-03-19", "2020-03-26"],
        "month first: from its dates",
    )
    assert query(config, "SELECT count(*) FROM ledger_quarantine") == [(0,)]


def test_dates_that_read_both_ways_follow_the_month_in_the_file_name(analysis):
    dates = ("01/02/2020", "01/03/2020", "01/10/2020")  # 2, 3 and 10 January, or 1 February, March and October
    config = analysis({"2020-01.csv": ledger(*dates), "spend.csv": ledger(*dates).replace(b"Acme", b"Beta")})
    assert run_analysis(config).success
    assert read(config, "ledger/2020-01.csv") == (
        ["2020-01-02", "2020-01-03", "2020-01-10"],
        "month first: from its name",
    )
    assert read(config, "ledger/spend.csv") == (
        ["2020-02-01", "2020-03-01", "2020-10-01"],
        "day first: the day_first setting",
    )


def test_a_file_written_both_ways_is_rejected_whole_saying_where(analysis):
    config = analysis({"mixed.csv": ledger("25/04/2019", "26/04/2019", "04/29/2019", "05/05/2019")})
    assert run_analysis(config).success
    quarantined = query(config, "SELECT source_line, amount, reason FROM ledger_quarantine ORDER BY 1")
    assert [(line, amount) for line, amount, _ in quarantined] == [(2, 1), (3, 2), (4, 3), (5, 4)]
    assert {reason for *_, reason in quarantined} == {
        "file rejected whole: its dates are written both day first (25/04/2019 on line 2) and month first "
        "(04/29/2019 on line 4), so no one order reads them all: correct them so that one does"
    }
    assert query(config, "SELECT date_order, data_rows, amount_in_file FROM ledger_files") == [
        ("both: rejected", 4, 10)
    ]


def test_iso_and_named_month_dates_need_no_order(analysis):
    config = analysis({"iso.csv": ledger("2019-04-25", "01-Apr-19", "2019-04-01 00:00:00")}, day_first="false")
    assert run_analysis(config).success
    assert read(config, "ledger/iso.csv") == (["2019-04-25", "2019-04-01", "2019-04-01"], None)  # none needed


def test_a_sample_month_rewritten_month_first_loads_exactly_as_before(tmp_path):
    shutil.copytree(SAMPLE_DIR, tmp_path / "s", ignore=shutil.ignore_patterns("out"))
    month = tmp_path / "s" / "ledger" / "2019-05.csv"
    config = tmp_path / "s" / "analysis.yaml"
    totals = (
        "SELECT count(*), CAST(sum(amount) AS VARCHAR), min(payment_date), max(payment_date) FROM ledger_transactions"
        " WHERE source_file = 'ledger/2019-05.csv'"
    )
    assert run_analysis(config).success
    before = query(config, totals)
    month.write_text(re.sub(r",(\d\d)/(\d\d)/2019,", r",\2/\1/2019,", month.read_text()))  # 24/05 -> 05/24
    assert run_analysis(config).success
    assert query(config, totals) == before
    assert query(config, "SELECT date_order FROM ledger_files WHERE source_file = 'ledger/2019-05.csv'") == [
        ("month first: from its dates",)
    ]
