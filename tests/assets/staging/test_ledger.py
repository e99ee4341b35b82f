"""Ledger ingest on small files whose outcome is known row by row."""

from decimal import Decimal

from tests.helpers import query, run_analysis

SUPPLIERS = b"supplier_id,supplier_name,postcode\nS1,Acme Ltd,Q1 1AA\n"


def test_rows_are_loaded_or_quarantined_with_file_line_and_reason(analysis):
    ledger = (
        "Date,Amount,Supplier Name,Supplier ID\n"
        "2019-04-01,100.00,Acme Ltd,S1\n"
        "\n"
        "2019-04-02,£1,234.50,Acme Ltd,S1\n"  # unquoted comma: a fifth field that is not empty
        '2019-04-03,"£1,234.50",Acme Ltd,S1,,\n'  # extra fields, all empty: kept
        "2019-04-04,(20.00),Acme Ltd,S1\n"  # credit note
        "not a date,5.00,Acme Ltd,S1\n"
        "2019-04-05,,Acme Ltd,S1\n"
        '2019-04-06,7.00,"Acme\nLtd",S1\n'  # a record over two lines
        ",,,\n"  # bare commas: not a row
        '2019-04-06,9.00,ACME 12" PIPES,\n'  # a stray inch mark does not open a quoted field
        "2019-04-07,8.00,Acme Ltd,S1"  # no final newline
    )
    config = analysis({"april.csv": ledger.encode()}, supplier_file=SUPPLIERS)
    result = run_analysis(config)
    assert result.success
    assert query(config, "SELECT source_file, source_line, amount FROM ledger_transactions ORDER BY 2") == [
        ("ledger/april.csv", 2, Decimal("100.00")),
        ("ledger/april.csv", 5, Decimal("1234.50")),
        ("ledger/april.csv", 6, Decimal("-20.00")),
        ("ledger/april.csv", 9, Decimal("7.00")),
        ("ledger/april.csv", 12, Decimal("9.00")),
        ("ledger/april.csv", 13, Decimal("8.00")),
    ]
    assert query(config, "SELECT source_line, reason, raw, amount FROM ledger_quarantine ORDER BY 1") == [
        (4, "row has 5 fields but the header has 4, and the extra fields are not empty",
         "2019-04-02,£1,234.50,Acme Ltd,S1", Decimal("1.00")),
        (7, "date 'not a date' does not parse", "not a date,5.00,Acme Ltd,S1", Decimal("5.00")),
        (8, "amount is empty", "2019-04-05,,Acme Ltd,S1", None),
    ]  # fmt: skip
    assert query(config, "SELECT physical_lines, lines_read, data_rows, amount_in_file FROM ledger_files") == [
        (13, 13, 9, Decimal("1344.50"))
    ]


def test_headers_are_chosen_per_file_and_encodings_are_read(analysis):
    files = {
        # Windows-1252 with a £ sign (byte A3), Sheffield-style headers
        "a.csv": "Payment Date,Amount,Organisational Unit,Beneficiary Name\n2019-05-01,£10.00,PLACE,Acme Ltd\n".encode(
            "cp1252"
        ),
        # UTF-8 with a byte-order mark, Calderdale-style headers with gross and net
        "b.csv": "\ufeffDate,Net Amount,Irrecoverable VAT,Supplier(Beneficiary) Name,Supplier ID\n"
        "2019-06-01,20.00,4.00,ACME LIMITED,\n".encode(),
        # A layout known only through ledger_columns
        "c.csv": b"Invoice Paid,Cost,Payee Ref\n01/07/2019,30.00,Acme\n",
    }
    config = analysis(
        files,
        supplier_file=SUPPLIERS,
        ledger_columns="{date: [Invoice Paid], amount: [Cost], supplier_name: [Payee Ref]}",
    )
    assert run_analysis(config).success
    assert query(
        config, "SELECT source_file, payment_date::VARCHAR, amount, ring FROM located_transactions ORDER BY 1"
    ) == [
        ("ledger/a.csv", "2019-05-01", Decimal("10.00"), "home"),
        ("ledger/b.csv", "2019-06-01", Decimal("20.00"), "home"),
        ("ledger/c.csv", "2019-07-01", Decimal("30.00"), "home"),
    ]
    assert query(config, "SELECT source_file, encoding FROM ledger_files WHERE encoding <> 'utf-8'") == [
        ("ledger/a.csv", "windows-1252")
    ]


def test_a_file_without_a_required_column_is_quarantined_whole_and_the_rest_loads(analysis):
    files = {
        "good.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n",
        "bad.csv": b"Date,Cost,Supplier Name\n2019-04-01,2.00,Acme\n2019-04-02,3.00,Acme\n",
    }
    config = analysis(files, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT source_file FROM ledger_transactions") == [("ledger/good.csv",)]
    reasons = query(config, "SELECT source_file, source_line, reason FROM ledger_quarantine ORDER BY 2")
    assert [(f, line) for f, line, _ in reasons] == [("ledger/bad.csv", 2), ("ledger/bad.csv", 3)]
    assert all(
        reason.startswith("no line among its first 30 names a column for each of amount") for *_, reason in reasons
    )


def test_supplier_file_without_postcode_column_fails_the_run_naming_file_and_line(analysis):
    config = analysis({"l.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n"}, supplier_file=b"name,pc\nA,B\n")
    result = run_analysis(config)
    assert not result.success
    [failure] = result.get_step_failure_events()
    message = failure.event_specific_data.error.message
    assert "suppliers.csv, line 1: supplier file has no column supplier_name, postcode" in message
    # nothing of a failed run is published, not even the ledger it loaded before the failure
    assert query(config, "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary") == [(0,)]


def test_the_same_file_under_two_names_loads_once(analysis):
    content = b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n2019-04-02,2.00,Acme\n"
    config = analysis({"2019-04.csv": content, "2019-04 (republished).csv": content}, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT source_file, count(*), sum(amount) FROM ledger_transactions GROUP BY 1") == [
        ("ledger/2019-04 (republished).csv", 2, Decimal("3.00"))
    ]
    reasons = query(config, "SELECT source_file, source_line, reason, amount FROM ledger_quarantine ORDER BY 2")
    assert [(f, line, amount) for f, line, _, amount in reasons] == [
        ("ledger/2019-04.csv", 2, Decimal("1.00")),
        ("ledger/2019-04.csv", 3, Decimal("2.00")),
    ]
    assert reasons[0][2] == (
        "file has the same content as ledger/2019-04 (republished).csv, which is loaded; this copy is not"
    )
    assert query(config, "SELECT source_file, status FROM mart_ingest_quality ORDER BY 1") == [
        ("ledger/2019-04 (republished).csv", "loaded"),
        ("ledger/2019-04.csv", "copy of another file: not loaded"),
    ]


def test_a_header_repeated_mid_file_is_quarantined_as_such(analysis):
    ledger = b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\nDATE, Amount ,Supplier Name\n2019-04-02,2.00,Acme\n"
    config = analysis({"l.csv": ledger}, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT source_line FROM ledger_transactions ORDER BY 1") == [(2,), (4,)]
    assert query(config, "SELECT source_line, reason, amount FROM ledger_quarantine") == [
        (3, "a repeat of the header row (line 1)", None)
    ]


def test_a_file_with_shifted_columns_is_rejected_whole_and_said_loudly(analysis, capsys):
    from pipelines.cli import main

    shifted = b"Date,Amount,Supplier Name\n" + b"".join(
        f"Acme,2019-04-0{day},{day}.00\n".encode()
        for day in range(1, 6)  # names where dates belong
    )
    files = {
        "good.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n",
        "shifted.csv": shifted + b"2019-04-06,6.00,Acme\n",  # one row happens to parse
        # many empty amounts are a row-level matter: the rows with amounts still load
        "gaps.csv": b"Date,Amount,Supplier Name\n" + b"2019-04-01,,Acme\n" * 5 + b"2019-04-03,3.00,Acme\n",
        # too few values to judge the file: the typo is the row's problem
        "typo.csv": b"Date,Amount,Supplier Name\n31/04/2019,4.00,Acme\n",
    }
    config = analysis(files, supplier_file=SUPPLIERS)
    assert main(["run", "--config", str(config)]) == 0  # the rest of the ledger goes on
    err = capsys.readouterr().err
    assert "check (warn) ledger_files:expectation_suite failed" in err
    assert query(config, "SELECT source_file, source_line FROM ledger_transactions ORDER BY 1, 2") == [
        ("ledger/gaps.csv", 7),
        ("ledger/good.csv", 2),
    ]
    rejected = query(
        config, "SELECT source_line, reason FROM ledger_quarantine WHERE source_file = 'ledger/shifted.csv'"
    )
    assert [line for line, _ in rejected] == [2, 3, 4, 5, 6, 7]
    assert rejected[0][1] == (
        "file rejected whole: only 16.7% of its non-empty dates parse and only 16.7% of its non-empty amounts parse "
        "(expectations/ledger_files.json requires 50% of dates and 50% of amounts); are its columns shifted?"
    )
    assert query(config, "SELECT count(*) FROM ledger_quarantine WHERE source_file = 'ledger/gaps.csv'") == [(5,)]
    assert query(config, "SELECT reason FROM ledger_quarantine WHERE source_file = 'ledger/typo.csv'") == [
        ("date '31/04/2019' does not parse",)
    ]
    assert query(
        config,
        "SELECT source_file, status, meets_expectations, quarantined_by_reason FROM mart_ingest_quality",
    ) == [
        ("ledger/gaps.csv", "loaded, some rows quarantined", True, "amount is empty (5)"),
        ("ledger/good.csv", "loaded", True, None),
        ("ledger/shifted.csv", "rejected whole: not loaded", False, "file rejected whole: only … of its non-empty "
         "dates parse and only … of its non-empty amounts parse (expectations/ledger_files.json requires … of dates "
         "and … of amounts); are its columns shifted? (6)"),
        ("ledger/typo.csv", "every row quarantined", True, "date … does not parse (1)"),
    ]  # fmt: skip
    assert query(config, "SELECT failed_expectations FROM mart_ingest_quality WHERE NOT meets_expectations") == [
        (
            "expect_column_values_to_be_between(date_parse_rate, min_value=0.5); "
            "expect_column_values_to_be_between(amount_parse_rate, min_value=0.5)",
        )
    ]


def test_quoting_line_ends_and_spacing_as_real_files_have_them(analysis):
    files = {
        # an inch mark closing a field does not open a quoted field
        "inch.csv": b'Date,Supplier Name,Amount,Expense Type\n01/04/2019,Acme Ltd,100.00,Pipe 12"\n'
        + b"01/04/2019,Acme Ltd,200.00,x\n" * 3,
        # blanks around a quoted field; gross and net: net is used
        "spaced.csv": b'Date,Supplier Name,Gross,Net Amount,Expense Type\n01/04/2019, "Acme, Ltd" ,120.00,100.00,\n',
        # old Mac line ends
        "mac.csv": b"Date,Supplier Name,Amount\r01/04/2019,Acme Ltd,1.00\r01/04/2019,Acme Ltd,2.00\r",
        # repeated headers are not rows and do not count against the file
        "repeats.csv": b"Date,Amount,Supplier Name\nDate,Amount,Supplier Name\n2019-04-01,9.00,Acme\n"
        b"Date,Amount,Supplier Name\n",
    }
    config = analysis(files, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(
        config, "SELECT source_file, source_line, amount, supplier_name FROM ledger_transactions ORDER BY 1, 2"
    ) == [
        ("ledger/inch.csv", 2, Decimal("100.00"), "Acme Ltd"),
        ("ledger/inch.csv", 3, Decimal("200.00"), "Acme Ltd"),
        ("ledger/inch.csv", 4, Decimal("200.00"), "Acme Ltd"),
        ("ledger/inch.csv", 5, Decimal("200.00"), "Acme Ltd"),
        ("ledger/mac.csv", 2, Decimal("1.00"), "Acme Ltd"),
        ("ledger/mac.csv", 3, Decimal("2.00"), "Acme Ltd"),
        ("ledger/repeats.csv", 3, Decimal("9.00"), "Acme"),
        ("ledger/spaced.csv", 2, Decimal("100.00"), "Acme, Ltd"),
    ]
    assert query(config, "SELECT source_file, physical_lines, lines_read FROM ledger_files ORDER BY 1") == [
        ("ledger/inch.csv", 5, 5),
        ("ledger/mac.csv", 3, 3),
        ("ledger/repeats.csv", 4, 4),
        ("ledger/spaced.csv", 2, 2),
    ]


def test_a_payment_published_in_two_files_counts_once_and_split_lines_are_kept(analysis):
    header = b"Date,Transaction Number,Amount,Supplier Name\n"
    files = {
        "2019-04.csv": header + b"2019-04-30,T1,100.00,Acme Ltd\n"
        b"2019-04-30,T2,60.00,Acme Ltd\n2019-04-30,T2,40.00,Acme Ltd\n",  # one transaction split over two lines
        # the next month's file repeats T1 (supplier spelled differently) and T2's first line
        "2019-05.csv": header + b"2019-04-30,T1,100.00,ACME LIMITED\n2019-05-02,T3,7.00,Acme Ltd\n"
        b"2019-04-30,T2,60.00,Acme Ltd\n2019-04-30,,100.00,Acme Ltd\n",  # no transaction number: never a copy
    }
    config = analysis(files, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    assert query(config, "SELECT source_file, source_line, amount FROM ledger_transactions ORDER BY 1, 2") == [
        ("ledger/2019-04.csv", 2, Decimal("100.00")),
        ("ledger/2019-04.csv", 3, Decimal("60.00")),
        ("ledger/2019-04.csv", 4, Decimal("40.00")),
        ("ledger/2019-05.csv", 3, Decimal("7.00")),
        ("ledger/2019-05.csv", 5, Decimal("100.00")),
    ]
    assert query(config, "SELECT source_line, reason, amount FROM ledger_quarantine ORDER BY 1") == [
        (2, "the same payment as ledger/2019-04.csv line 2 (transaction number, date, supplier and amount): "
            "counted there", Decimal("100.00")),
        (4, "the same payment as ledger/2019-04.csv line 3 (transaction number, date, supplier and amount): "
            "counted there", Decimal("60.00")),
    ]  # fmt: skip
