"""Records from source files: files without a record over several lines are taken line for line, the others go
through the quote-state machine; both in one batch give each file's exact records."""

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
