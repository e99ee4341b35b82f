"""A stray quote never swallows rows: a record spanning lines that hold rows of the file is split back into its
lines, each quarantined with its line and where the quote opened; every row and penny stays accounted for."""

import shutil

from tests.helpers import SAMPLE_DIR, query, run_analysis

HEADER = b"Date,Amount,Supplier Name,Expense Type\n"
ROWS = [b"2019-04-%02d,%d.00,Supplier %d,Cleaning\n" % (day, 10 * day, day) for day in range(1, 11)]


def test_a_stray_quote_that_never_closes_quarantines_each_line_it_swallowed(analysis):
    rows = list(ROWS)
    rows[2] = b'2019-04-03,30.00,"Supplier 3,Cleaning\n'  # line 4: a quote opens the supplier name, never closed
    config = analysis({"l.csv": HEADER + b"".join(rows)})
    assert run_analysis(config).success
    assert query(config, "SELECT source_line, amount FROM ledger_transactions ORDER BY 1") == [
        (2, 10), (3, 20)
    ]  # fmt: skip
    quarantined = query(config, "SELECT source_line, last_line, amount, reason, raw FROM ledger_quarantine ORDER BY 1")
    assert [(line, last, amount) for line, last, amount, _, _ in quarantined] == [
        (line, line, 10 * (line - 1)) for line in range(4, 12)
    ]
    assert quarantined[0][3] == (
        "unbalanced quote: the quote opening field 3 (Supplier Name) on this line is not closed where the field ends, "
        "so lines 4 to 11 read as one record; each line is quarantined on its own: correct the quote and publish the "
        "file again"
    )
    assert {reason for *_, reason, _ in quarantined[1:]} == {
        "swallowed by the unbalanced quote opened on line 4 (field 3, Supplier Name): correct it and publish the file "
        "again"
    }
    assert quarantined[1][4] == "2019-04-04,40.00,Supplier 4,Cleaning"
    assert query(config, "SELECT data_rows, amount_in_file, row_lines_inside_records FROM ledger_files") == [
        (10, 550, 0)
    ]


def test_a_quoted_field_holding_a_line_break_is_one_row(analysis):
    rows = list(ROWS)
    rows[2] = b'2019-04-03,30.00,"Supplier 3\nTrading as Three",Cleaning\n'
    config = analysis({"l.csv": HEADER + b"".join(rows)})
    assert run_analysis(config).success
    assert query(config, "SELECT source_line, last_line, supplier_name FROM ledger_transactions WHERE amount = 30") == [
        (4, 5, "Supplier 3\nTrading as Three")
    ]
    assert query(config, "SELECT count(*), sum(amount) FROM ledger_transactions") == [(10, 550)]


def test_a_quote_left_open_in_a_title_line_swallows_nothing(analysis):
    title = b'"Payments over 500 pounds, April 2019\n'  # lines above the header are not part of the table
    config = analysis({"l.csv": title + HEADER + b"".join(ROWS)})
    assert run_analysis(config).success
    assert query(config, "SELECT count(*), sum(amount) FROM ledger_transactions") == [(10, 550)]


def test_a_quote_left_open_in_the_header_fails_the_run_instead_of_hiding_rows(analysis):
    header = b'Date,Amount,"Supplier Name,Expense Type\n'
    config = analysis({"l.csv": header + b"".join(ROWS)})
    result = run_analysis(config)
    assert not result.success
    [failure] = result.get_step_failure_events()
    assert (
        "ledger/l.csv: 11 lines in the file, 11 read; 0 rows (£0.00) in the file, 0 (£0.00) loaded or quarantined; "
        "10 lines that read as rows lie inside another record (an unbalanced quote above the data?)"
    ) in failure.event_specific_data.error.message


def test_the_issue_case_a_quote_inserted_in_line_21_of_a_sample_month(tmp_path):
    shutil.copytree(SAMPLE_DIR, tmp_path / "s", ignore=shutil.ignore_patterns("out"))
    month = tmp_path / "s" / "ledger" / "2019-05.csv"
    lines = month.read_bytes().splitlines(keepends=True)
    assert lines[20].count(b'"') == 2 and b"Orchardleigh Cleaning Ltd" in lines[20]
    lines[20] = lines[20].replace(b"Orchardleigh", b'"Orchardleigh')
    month.write_bytes(b"".join(lines))
    config = tmp_path / "s" / "analysis.yaml"
    assert run_analysis(config).success
    quarantined = query(
        config,
        "SELECT source_line, CAST(amount AS VARCHAR), left(reason, 40) FROM ledger_quarantine"
        " WHERE source_file = 'ledger/2019-05.csv' ORDER BY 1",
    )
    assert quarantined == [
        (21, "11397.53", "unbalanced quote: the quote opening fiel"),
        (22, "24614.00", "swallowed by the unbalanced quote opened"),
    ]
    # the month's rows and money: 76 payments (£1,583,025.79) in the file, all accounted for
    assert query(
        config,
        "SELECT data_rows, CAST(amount_in_file AS VARCHAR),"
        " (SELECT count(*) FROM ledger_transactions WHERE source_file = f.source_file),"
        " (SELECT CAST(sum(amount) AS VARCHAR) FROM ledger_transactions WHERE source_file = f.source_file)"
        " FROM ledger_files AS f WHERE source_file = 'ledger/2019-05.csv'",
    ) == [(76, "1583025.79", 74, "1547014.26")]
