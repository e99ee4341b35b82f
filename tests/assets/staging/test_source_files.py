"""Records from source files: files without a record over several lines are taken line for line, the others go
through the quote-state machine; both in one batch give each file's exact records."""

import random

import duckdb

from assets.staging import source_files
from core.sql import install_macros


def test_files_with_and_without_records_over_several_lines_are_read_exactly_in_one_batch(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b'Date,Amount,Name\r\n2019-04-01,1.00,"Smith, Jones"\r\n\r\n,,\r2019-04-02,2.00,ACME 12" PIPE')
    spanning = tmp_path / "spanning.csv"
    spanning.write_bytes(b'Date,Amount,Name\n2019-04-01,3.00,"two\nlines"\n2019-04-02,4.00,"say ""hi"""\n')
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    files = source_files.prepare([plain, spanning], tmp_path, scratch, recognise=lambda h: h[:1] == ["Date"])
    con = duckdb.connect()
    install_macros(con)
    source_files.read_records(con, "records", files)
    rows = con.execute(
        "SELECT source_file, source_line, last_line, fields, blank FROM records ORDER BY source_file, source_line"
    ).fetchall()
    assert rows == [
        ("plain.csv", 1, 1, ["Date", "Amount", "Name"], False),
        ("plain.csv", 2, 2, ["2019-04-01", "1.00", "Smith, Jones"], False),
        ("plain.csv", 3, 3, [""], True),
        ("plain.csv", 4, 4, ["", "", ""], True),
        ("plain.csv", 5, 5, ["2019-04-02", "2.00", 'ACME 12" PIPE'], False),
        ("spanning.csv", 1, 1, ["Date", "Amount", "Name"], False),
        ("spanning.csv", 2, 3, ["2019-04-01", "3.00", "two\nlines"], False),
        ("spanning.csv", 4, 4, ["2019-04-02", "4.00", 'say "hi"'], False),
    ]
    assert [f.physical_lines for f in files] == [5, 4]


def test_lines_from_duckdbs_reader_give_the_records_the_sql_splitter_gives(tmp_path, monkeypatch):
    """The oracle for the fast path: every file read by DuckDB's CSV reader where it splits lines as the SQL does,
    else by the SQL, gives the very records the SQL alone gives, on published shapes and on random mess."""
    shapes = {
        "lf.csv": b'Date,Amount,Name\n2019-04-01,1.00,"Smith, Jones"\n2019-04-02,2.00,ACME 12" PIPE\n',
        "crlf_blank_lines.csv": b"Title\r\n\r\nDate,Amount,Name\r\n2019-04-01,1.00,A\r\n\r\n,,\r\n   \r\n\r\n",
        "lone_cr.csv": b"Date,Amount,Name\r2019-04-01,1.00,A\r2019-04-02,2.00,B",
        "bom_semicolon.csv": '\ufeffDate;Amount;Name\n01/04/2019;"1,00";"A; B"\n'.encode(),
        "windows_1252.csv": b"Date|Amount|Name\n2019-04-01|\xa31.00|Caf\xe9\n",
        "spanning.csv": b'Date,Amount,Name\n2019-04-01,3.00,"two\nlines"\n2019-04-02,4.00,"say ""hi"""\n',
        "cr_then_crlf.csv": b"Date,Amount,Name\n2019-04-01,1.00,A\n\r\n2019-04-02,2.00,B\n",
        "reader_delimiter.csv": b"Date,Amount,Name\n2019-04-01,1.00,A\x01B\n",
    }
    rng = random.Random(18)
    tidy = ["a", "1", ",", ";", '"', '""', " ", "\n", "\u00a3", "2019-04-01"]
    for n in range(8):  # lone CRs and the reader's delimiter in half of them, CRLF among LF in a quarter
        alphabet = tidy + (["\r", "\r\n", "\x01"] if n % 2 else ["\r\n"] * (n % 4 == 2))
        shapes[f"mess_{n}.csv"] = ("Date,Amount,Name\n" + "".join(rng.choice(alphabet) for _ in range(3000))).encode()
    for name, data in shapes.items():
        (tmp_path / name).write_bytes(data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    files = source_files.prepare(
        [tmp_path / name for name in shapes], tmp_path, scratch, recognise=lambda h: h[:1] == ["Date"]
    )
    con = duckdb.connect()
    install_macros(con)
    taken = {f.source_file for f in source_files.lines_reader_reads(files)}
    source_files.read_records(con, "by_reader", files)
    monkeypatch.setattr(source_files, "lines_reader_reads", lambda files: [])
    source_files.read_records(con, "by_sql", files)

    assert con.execute("SELECT count(*) FROM by_sql").fetchall()[0][0] > 1000
    assert con.execute("SELECT count(*) FROM (FROM by_reader EXCEPT ALL FROM by_sql)").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM (FROM by_sql EXCEPT ALL FROM by_reader)").fetchall() == [(0,)]
    assert taken >= {"lf.csv", "crlf_blank_lines.csv", "lone_cr.csv", "bom_semicolon.csv", "windows_1252.csv",
                     "spanning.csv", "mess_0.csv", "mess_4.csv"}  # fmt: skip
    assert not taken & {"cr_then_crlf.csv", "reader_delimiter.csv", "mess_1.csv", "mess_3.csv"}
