"""The formats councils publish are read as they are written: workbooks, other delimiters, UTF-16, titles above
the header, mixed encodings; a file that cannot be read gets advice naming its real cause."""

import datetime
import io
from decimal import Decimal

import pandas as pd
import pytest

from tests.helpers import query, run_analysis

ROWS = [("2019-04-01", "10.00", "Acme Ltd"), ("2019-04-02", "£1,234.50", "Beta Co"), ("2019-04-03", "x", "Gamma")]
LOADED = [(2, "10.00"), (3, "1234.50")]


def text(delimiter: str, rows=ROWS, header=("Date", "Amount", "Supplier Name")) -> str:
    """The rows as a file with `delimiter`, fields holding it quoted."""
    quoted = [[f'"{f}"' if delimiter in f else f for f in row] for row in [header, *rows]]
    return "\n".join(delimiter.join(row) for row in quoted) + "\n"


def loaded(config, source_file: str) -> list[tuple]:
    return query(
        config,
        "SELECT source_line, CAST(amount AS VARCHAR) FROM ledger_transactions WHERE source_file = ? ORDER BY 1",
        [source_file],
    )


def files(config) -> dict[str, tuple]:
    rows = query(config, "SELECT source_file, encoding, delimiter, header_line, data_rows, problem FROM ledger_files")
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semi.csv"), ("\t", "tabs.tsv"), ("|", "bars.txt")])
def test_other_delimiters(analysis, delimiter, name):
    config = analysis({name: text(delimiter).encode()}, ledger="[ledger/*]")
    assert run_analysis(config).success
    assert loaded(config, f"ledger/{name}") == LOADED
    assert files(config)[f"ledger/{name}"] == ("utf-8", delimiter, 1, 3, None)
    assert query(config, "SELECT source_line, reason FROM ledger_quarantine") == [(4, "amount 'x' does not parse")]


def test_a_semicolon_file_with_commas_inside_its_fields(analysis):
    rows = [("2019-04-01", "1,234.50", "Acme, Smith & Co"), ("2019-04-02", "2.00", "Quoted; name")]
    config = analysis({"semi.csv": text(";", rows).encode()})
    assert run_analysis(config).success
    assert query(config, "SELECT supplier_name, CAST(amount AS VARCHAR) FROM ledger_transactions ORDER BY 2") == [
        ("Acme, Smith & Co", "1234.50"),
        ("Quoted; name", "2.00"),
    ]


def test_utf16_unicode_text_as_excel_saves_it(analysis):
    content = text("\t", [("01/04/2019", "£10.00", "Café Ltd")]).replace("\n", "\r\n").encode("utf-16")
    config = analysis({"unicode.txt": content}, ledger="[ledger/*]")
    assert run_analysis(config).success
    assert query(config, "SELECT supplier_name, CAST(amount AS VARCHAR) FROM ledger_transactions") == [
        ("Café Ltd", "10.00")
    ]
    assert files(config)["ledger/unicode.txt"][:4] == ("utf-16", "\t", 1, 1)


def test_title_and_blank_lines_above_the_header(analysis):
    content = "Payments over £500\nSample Council, April 2019\n\n" + text(",")
    config = analysis({"titled.csv": content.encode()})
    assert run_analysis(config).success
    assert loaded(config, "ledger/titled.csv") == [(5, "10.00"), (6, "1234.50")]
    assert files(config)["ledger/titled.csv"][2:4] == (4, 3)


def test_a_file_mixing_utf8_and_windows_1252_lines_reads_each_as_written(analysis):
    content = text(",", ROWS[:2]).encode("utf-8") + "2019-04-04,£7.00,Café Ltd\n".encode("cp1252")
    config = analysis({"mixed.csv": content})
    assert run_analysis(config).success
    assert query(config, "SELECT supplier_name, CAST(amount AS VARCHAR) FROM ledger_transactions ORDER BY 2") == [
        ("Acme Ltd", "10.00"),
        ("Beta Co", "1234.50"),
        ("Café Ltd", "7.00"),
    ]
    assert files(config)["ledger/mixed.csv"][0] == "utf-8 and windows-1252, by line"


def workbook(engine: str, sheets: dict[str, list[list]]) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine=engine) as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return out.getvalue()


SHEETS = {
    "Notes": [["These are the council's payments over £500."]],
    "April": [
        ["Payments, April 2019", None, None],
        [None, None, None],
        ["Date", "Amount", "Supplier Name"],
        [datetime.datetime(2019, 4, 1), 1136.84, "Acme\nLtd"],
        [datetime.datetime(2019, 4, 2), -12, "Beta Co"],
        ["not a date", 5, "Gamma"],
    ],
    "May": [["Payment Date", "Net Amount", "Beneficiary"], [datetime.datetime(2019, 5, 1), 20.5, "Acme Ltd"]],
}


@pytest.mark.parametrize(
    ("engine", "name"), [("openpyxl", "2019.xlsx"), ("odf", "2019.ods"), ("openpyxl", "looks.csv")]
)
def test_every_sheet_with_a_ledger_header_is_read_with_its_row_numbers(analysis, engine, name):
    config = analysis({name: workbook(engine, SHEETS)}, ledger="[ledger/*]")
    assert run_analysis(config).success
    assert query(
        config,
        "SELECT source_file, source_line, CAST(payment_date AS VARCHAR), CAST(amount AS VARCHAR), supplier_name"
        " FROM ledger_transactions ORDER BY 1, 2",
    ) == [
        (f"ledger/{name}#April", 4, "2019-04-01", "1136.84", "Acme Ltd"),
        (f"ledger/{name}#April", 5, "2019-04-02", "-12.00", "Beta Co"),
        (f"ledger/{name}#May", 2, "2019-05-01", "20.50", "Acme Ltd"),
    ]
    assert query(config, "SELECT source_file, source_line, reason FROM ledger_quarantine") == [
        (f"ledger/{name}#April", 6, "date 'not a date' does not parse")
    ]
    assert sorted(files(config)) == [f"ledger/{name}#April", f"ledger/{name}#May"]


def test_a_workbook_dropped_in_the_landing_folder_is_read(analysis):
    config = analysis({}, ledger=None, landing="landing")
    (config.parent / "landing").mkdir()
    (config.parent / "landing" / "2019-05.XLSX").write_bytes(workbook("openpyxl", {"May": SHEETS["May"]}))
    (config.parent / "landing" / "README.md").write_text("not a ledger")
    assert run_analysis(config).success
    assert loaded(config, "landing/2019-05.XLSX#May") == [(2, "20.50")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"
         " and publish that"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file, a CSV or a workbook (it holds NUL bytes)"),
        (workbook("openpyxl", {"Notes": SHEETS["Notes"]}), "no sheet of this xlsx workbook has the header row needed"
         " in its first 30 rows (sheets: Notes)"),
        ("Payments over £500, April 2019\nWhen,Cost,Who\n2019-04-01,1.00,Acme\n".encode(), "no line among its first "
         "30 names a column for each of date, amount, supplier_name (split at commas, semicolons, tabs or bars); its "
         "first line reads 'Payments over £500, April 2019': if its header names these columns otherwise, add those "
         "names to ledger_columns in the analysis file"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_says_why(analysis, content, problem):
    config = analysis({"good.csv": text(",").encode(), "bad.csv": content})
    assert run_analysis(config).success
    assert files(config)["ledger/bad.csv"][-1] == problem
    status = "required columns missing: not loaded" if problem.startswith("no line") else "unreadable: not loaded"
    assert query(config, "SELECT status FROM mart_ingest_quality WHERE source_file = 'ledger/bad.csv'") == [(status,)]


def test_files_duckdbs_line_reader_would_misread_are_read_line_for_line_all_the_same(analysis):
    """DuckDB's CSV reader gives the lines of most files; one it reads otherwise than the file's bytes say (an empty
    CRLF line after a LF line is two lines to it; its delimiter, byte 1, cuts a line) is read by the SQL instead:
    every row loaded or quarantined at its own line, with its text as written."""
    config = analysis(
        {
            "odd.csv": b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme\n\r\n2019-04-02,20.00,Beta\r\n"
            b"not a date,5.00,Gamma\n",
            "byte_1.csv": b"Date,Amount,Supplier Name\n2019-04-01,30.00,Ac\x01me\nbad,1.00,Delta\n",
        }
    )
    assert run_analysis(config).success
    assert query(
        config, "SELECT source_file, source_line, amount, supplier_name FROM ledger_transactions ORDER BY 1, 2"
    ) == [
        ("ledger/byte_1.csv", 2, Decimal("30.00"), "Ac\x01me"),
        ("ledger/odd.csv", 2, Decimal("10.00"), "Acme"),
        ("ledger/odd.csv", 4, Decimal("20.00"), "Beta"),
    ]
    assert query(config, "SELECT source_file, source_line, raw FROM ledger_quarantine ORDER BY 1, 2") == [
        ("ledger/byte_1.csv", 3, "bad,1.00,Delta"),
        ("ledger/odd.csv", 5, "not a date,5.00,Gamma"),
    ]
    assert query(config, "SELECT source_file, physical_lines, lines_read FROM ledger_files ORDER BY 1") == [
        ("ledger/byte_1.csv", 3, 3),
        ("ledger/odd.csv", 5, 5),
    ]
