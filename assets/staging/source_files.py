"""Source files as the pipeline reads them: fingerprinted, line-counted, decoded to UTF-8, workbooks turned into
CSV, and each table's delimiter and header line found.

Councils publish their ledgers in many shapes. DuckDB reads UTF-8 text only, so each file is copied to a scratch
folder under a plain name, as UTF-8: Windows-1252 files (a `£` is byte A3) are decoded as such, a file that mixes
UTF-8 lines with Windows-1252 ones line by line as each is written, UTF-16 files (Excel's "Unicode text") by their
byte-order mark. Excel (`.xlsx`) and OpenDocument (`.ods`) workbooks are recognised by their content, whatever
their name: every sheet with a header the caller recognises becomes a table of its own, named
`book.xlsx#Sheet`, one line per sheet row. A file that is none of these (an old `.xls`, a binary file) is kept as a
file with a problem that says so, and no rows.

Each table's header is the first of its first lines that the caller recognises, split at a comma, a semicolon, a
tab or a bar, whichever makes it one; lines above it (titles, blank lines) are not rows. The physical line count
taken here is independent of the SQL that splits records, so the reconciliation check can prove that no line went
missing between the file and the tables.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from core.sql import sql_beside, sql_literal

_CHUNK = 1 << 20
#: Delimiters a table's fields may be separated by, in the order they are tried.
DELIMITERS = (",", ";", "\t", "|")
#: Lines (or sheet rows) of a file searched for its header.
HEADER_SEARCH_LINES = 30
_LINE_END = re.compile(r"\r\n|\r|\n")
_UTF8_BOM = codecs.BOM_UTF8
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

#: Whether a row of fields is the header the caller is looking for.
Recognise = Callable[[list[str]], bool]


@dataclass(frozen=True)
class SourceFile:
    """One table to read: a text file, or one sheet of a workbook."""

    source_file: str
    read_path: str
    sha256: str
    bytes: int
    modified_ns: int
    physical_lines: int
    encoding: str
    # how the table is laid out, found when the file is read (not for a file taken as recorded)
    delimiter: str = ","
    header_line: int | None = None
    problem: str | None = None  # the file is not a table this reader can read, and why
    # bytes of the UTF-8 text at read_path that are not line ends or a byte-order mark: what its lines hold
    text_bytes: int | None = None


#: The fields that identify a file as recorded in a warehouse: a file whose size and time are still these is not
#: read again.
RECORDED = ("source_file", "sha256", "bytes", "modified_ns", "physical_lines", "encoding")


def display_name(path: Path, base: Path) -> str:
    """The path analysts see: relative to the analysis folder when the file lies inside it."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def source_path(base: Path, source_file: str) -> Path:
    """The file a source_file names (a workbook's sheets name the workbook, then `#` and the sheet)."""
    path = base / source_file
    if "#" in source_file and not path.exists():
        workbook = base / source_file.rsplit("#", 1)[0]
        if workbook.suffix.lower() in (".xlsx", ".ods"):
            return workbook
    return path


def _copy_and_scan(path: Path, copy: Path) -> tuple[str, int, int, int, bool]:
    """Copy `path` to `copy`, and take its sha256, size, physical line count, the bytes its lines hold (as
    text_bytes) and whether the bytes are valid UTF-8, in one streaming pass. The pipeline reads the copy: the
    bytes fingerprinted are the bytes parsed even if the original is being rewritten, and DuckDB never sees a name
    it would take for a glob (`Payments [Q1].csv`).

    Lines end with LF, CRLF or a lone CR (old Mac exports): line ends = LFs + CRs - CRLF pairs."""
    digest, size, breaks, line_end_bytes, bom, last = hashlib.sha256(), 0, 0, 0, 0, b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as handle, copy.open("wb") as out:
        while chunk := handle.read(_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            if not size and chunk.startswith(_UTF8_BOM):
                bom = len(_UTF8_BOM)
            size += len(chunk)
            ends = chunk.count(b"\n") + chunk.count(b"\r")
            line_end_bytes += ends
            breaks += ends - chunk.count(b"\r\n")
            if last == b"\r" and chunk.startswith(b"\n"):
                breaks -= 1  # a CRLF split across two chunks
            last = chunk[-1:]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    lines = breaks + (1 if size and last not in (b"\n", b"\r") else 0)
    return digest.hexdigest(), size, lines, size - line_end_bytes - bom, utf8


def _text_bytes(path: Path) -> int:
    """The bytes of UTF-8 text file `path` that are not line ends or its byte-order mark."""
    data = path.read_bytes()
    return len(data) - data.count(b"\n") - data.count(b"\r") - (len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0)


def _kind(copy: Path) -> str:
    """What the bytes are, from how they start: 'workbook' (a zip: .xlsx or .ods), 'xls' (Excel 97-2003),
    'utf-16', 'binary' (NUL bytes in a file without a UTF-16 byte-order mark) or 'text'."""
    with copy.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith(b"PK\x03\x04"):
        return "workbook"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "binary" if b"\x00" in head else "text"


def _decode_utf16(raw: Path, target: Path) -> int:
    """Write `raw` (UTF-16 with a byte-order mark) as UTF-8; return its physical lines."""
    text = raw.read_bytes().decode("utf-16", errors="replace")  # a file cut mid-character loses that character
    target.write_text(text, encoding="utf-8", newline="")
    return len(_LINE_END.findall(text)) + (1 if text and not text.endswith(("\n", "\r")) else 0)


def _decode_windows_1252(raw: Path, target: Path) -> str:
    """Write `raw` (not valid UTF-8) as UTF-8: as Windows-1252 throughout, unless it also holds UTF-8 characters,
    when each line is decoded as it is written (UTF-8 where it is valid, else Windows-1252). Returns the encoding."""
    data = raw.read_bytes()
    if not _UTF8_MULTIBYTE.search(data):
        target.write_text(data.decode("cp1252", errors="replace"), encoding="utf-8", newline="")
        return "windows-1252"
    with target.open("w", encoding="utf-8", newline="") as out:
        for line in data.splitlines(keepends=True):  # a file mixing both: rare, and each line decoded once
            try:
                out.write(line.decode("utf-8"))
            except UnicodeDecodeError:
                out.write(line.decode("cp1252", errors="replace"))
    return "utf-8 and windows-1252, by line"


def _cell_text(column: pd.Series) -> pd.Series:
    """A sheet's cells as text: dates in ISO form, whole numbers without a fraction, other numbers as the shortest
    text that reads back the same, line breaks inside a cell as spaces (so that each sheet row is one line)."""

    def text(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, datetime.date):  # pandas' Timestamp is a datetime too
            stamp = pd.Timestamp(value)
            return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, bool):
            return str(value).upper()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return _LINE_END.sub(" ", str(value))

    return column.map(text)


def _sheets(whole: SourceFile, scratch: Path, recognise: Recognise) -> list[SourceFile]:
    """Every sheet of workbook `whole` (its copy at read_path) with a header `recognise` knows, each written as a
    CSV in `scratch`, one line per sheet row from the first; or the workbook alone, with a problem and no lines,
    when it holds none."""
    copy, stem = Path(whole.read_path), Path(whole.read_path).stem
    whole = replace(whole, read_path=str(_empty(copy)), physical_lines=0)
    try:
        with zipfile.ZipFile(copy) as archive:
            members = set(archive.namelist())
            is_ods = "mimetype" in members and b"opendocument.spreadsheet" in archive.read("mimetype")
        if not is_ods and "xl/workbook.xml" not in members:
            return [
                replace(whole, problem="a zip archive, not a ledger: neither an Excel (.xlsx) nor an .ods workbook")
            ]
        engine, kind = ("odf", "ods") if is_ods else ("openpyxl", "xlsx")
        sheets = pd.read_excel(copy, sheet_name=None, header=None, dtype=object, engine=engine)
    except Exception as exc:  # a download cut short, a corrupt part: the reader's own words say what
        return [replace(whole, problem=f"a damaged workbook, not readable: {exc}")]
    found = []
    for number, (sheet, frame) in enumerate(sheets.items()):
        cells = frame.apply(_cell_text) if len(frame.columns) else frame
        rows = cells.head(HEADER_SEARCH_LINES).values.tolist()
        header = next((n for n, row in enumerate(rows, start=1) if recognise(_trim_empty(row))), None)
        if header is None:
            continue
        target = scratch / f"{stem}.sheet{number}.csv"
        cells.to_csv(target, header=False, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        found.append(
            replace(
                whole,
                source_file=f"{whole.source_file}#{sheet}",
                read_path=str(target),
                sha256=hashlib.sha256(f"{whole.sha256}#{sheet}".encode()).hexdigest(),
                physical_lines=len(cells),
                text_bytes=_text_bytes(target),
                encoding=kind,
                header_line=header,
            )
        )
    if not found:
        names = ", ".join(sheets) or "none"
        return [replace(whole, encoding=kind, problem=f"no sheet of this {kind} workbook has the header row needed "
                        f"in its first {HEADER_SEARCH_LINES} rows (sheets: {names})")]  # fmt: skip
    return found


def _trim_empty(row: list[str]) -> list[str]:
    """A sheet row without the empty cells after its last value (a sheet is as wide as its widest row)."""
    while row and row[-1] == "":
        row = row[:-1]
    return row


def find_header(read_path: str, recognise: Recognise) -> tuple[str, int | None]:
    """The delimiter and line of the first of the file's first lines that `recognise` accepts, split at any
    delimiter; else a comma and the first non-blank line (the caller says what is missing)."""
    with open(read_path, encoding="utf-8", errors="replace", newline="") as handle:
        text = handle.read(1 << 16).removeprefix("\ufeff")
    lines = [(n, line) for n, line in enumerate(_LINE_END.split(text), start=1) if line.strip(" \t,;|")]
    for number, line in lines[:HEADER_SEARCH_LINES]:
        for delimiter in DELIMITERS:
            fields = next(csv.reader([line], delimiter=delimiter))
            if len(fields) > 1 and recognise(fields):
                return delimiter, number
    return ",", lines[0][0] if lines else None


def prepare(
    paths: Sequence[Path],
    base: Path,
    scratch: Path,
    recognise: Recognise,
    known: Mapping[str, SourceFile] | None = None,
) -> list[SourceFile]:
    """Copy every file to `scratch` under a plain name, fingerprint it, turn it into UTF-8 text (each sheet of a
    workbook into a text of its own), and find each table's header with `recognise`.

    A file in `known` (by source_file; a workbook by each of its sheets) whose size and modification time are
    still those recorded is taken as recorded, neither read nor copied (its read_path is empty): a monthly refresh
    does not re-read years of files. As for git and make, a file rewritten to the same size within the same
    nanosecond would go unnoticed."""
    known = known or {}
    prepared: list[SourceFile] = []
    for index, path in enumerate(paths):
        source_file, stat = display_name(path, base), path.stat()
        recorded = [f for name, f in known.items() if name == source_file or name.startswith(f"{source_file}#")]
        if recorded and all((f.bytes, f.modified_ns) == (stat.st_size, stat.st_mtime_ns) for f in recorded):
            prepared += [replace(f, read_path="") for f in sorted(recorded, key=lambda f: f.source_file)]
            continue
        raw = scratch / f"{index:06d}.raw"
        sha256, size, lines, text_bytes, utf8 = _copy_and_scan(path, raw)
        file = SourceFile(source_file, str(raw), sha256, size, stat.st_mtime_ns, lines, "utf-8", text_bytes=text_bytes)
        kind = _kind(raw)
        if kind == "workbook":
            prepared += _sheets(file, scratch, recognise)
            continue
        text = scratch / f"{index:06d}.csv"
        if kind == "xls":
            file = _without_rows(file, "an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV and publish that")
        elif kind == "binary":
            file = _without_rows(file, "not a text file, a CSV or a workbook (it holds NUL bytes)")
        elif kind == "utf-16":
            file = replace(file, physical_lines=_decode_utf16(raw, text), encoding="utf-16")
        elif not utf8:
            file = replace(file, encoding=_decode_windows_1252(raw, text))
        else:
            raw.rename(text)
        if file.problem is None:
            if kind == "utf-16" or not utf8:  # decoded: the text read is not the bytes scanned
                file = replace(file, text_bytes=_text_bytes(text))
            file = replace(file, read_path=str(text))
            delimiter, header_line = find_header(file.read_path, recognise)
            file = replace(file, delimiter=delimiter, header_line=header_line)
        prepared.append(file)
    return prepared


def _without_rows(file: SourceFile, problem: str) -> SourceFile:
    """A file that is not a table: no lines are read from it, and the problem says what it is."""
    return replace(file, read_path=str(_empty(Path(file.read_path))), physical_lines=0, problem=problem)


def _empty(beside: Path) -> Path:
    """An empty file beside `beside`, read in place of a file that has no lines to read."""
    empty = beside.with_suffix(".empty.csv")
    empty.write_bytes(b"")
    return empty


def as_frame(files: Sequence[SourceFile]) -> pd.DataFrame:
    columns = list(SourceFile.__dataclass_fields__)
    frame = pd.DataFrame([[getattr(f, c) for c in columns] for f in files], columns=columns)
    return frame.astype({"header_line": "Int64", "problem": "string"})


def read_lines(con: duckdb.DuckDBPyConnection, files: Sequence[SourceFile]) -> None:
    """Load every physical line of `files` into temp table csv_lines (source_file, line_no, line, opens_quote: see
    steps/csv_lines.sql); `csv_files` describes the files for the SQL that follows. A file's lines come from
    DuckDB's CSV reader where it splits them exactly as the SQL would (found on a connection of its own, see
    `lines_reader_reads`), else from the SQL."""
    con.register("csv_files", as_frame(files))
    by_reader = lines_reader_reads(files)
    con.execute(f"CREATE OR REPLACE TEMP VIEW reader_lines AS {_reader_lines(by_reader)}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE csv_lines AS {sql_beside(__file__, 'steps/csv_lines')}",
        {"read_paths": [f.read_path for f in files if f not in by_reader]},
    )
    con.execute("DROP VIEW reader_lines")


def read_records(con: duckdb.DuckDBPyConnection, table: str, files: Sequence[SourceFile]) -> dict[str, list[str]]:
    """Load every record of `files` into temp table `table` (source_file, source_line, last_line, record,
    fields, blank); `csv_files` describes the files for the SQL that follows, and temp table spanning_lines holds
    the physical lines of the files with a record over several lines, so that what the record splitter made of
    them can be checked against the lines themselves. Returns each file's header fields, split as its rows are (the
    line was found in Python; the fields come from the same SQL as the data's)."""
    read_lines(con, files)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql_beside(__file__, 'steps/csv_records')}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE spanning_lines AS SELECT source_file, line_no, line FROM csv_lines"
        " WHERE source_file IN (SELECT source_file FROM csv_lines WHERE opens_quote)"
    )
    con.execute("DROP TABLE csv_lines")
    return dict(
        con.execute(
            f"SELECT r.source_file, r.fields FROM {table} AS r"
            " JOIN csv_files AS f ON f.source_file = r.source_file AND f.header_line = r.source_line"
        ).fetchall()
    )


#: DuckDB's CSV reader taking each line whole: one column, no quoting, a delimiter no text file should hold (a line
#: that does is cut there, and found so by its bytes). It gives no line numbers: each file is read by a query of its
#: own, whose rows come in the file's order and are numbered by `row_number() OVER ()`. An empty line comes as NULL.
_LINES_READER = (
    "header = false, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', auto_detect = false, "
    "strict_mode = false, max_line_size = 1073741824"
)


def _reader_lines(files: Sequence[SourceFile]) -> str:
    """SQL for (source_file, line_no, line) of `files`, read by DuckDB's CSV reader."""
    selects = [
        f"SELECT {sql_literal(f.source_file)} AS source_file, row_number() OVER () AS line_no,"
        f" coalesce(line, '') AS line FROM read_csv({sql_literal(f.read_path)}, {_LINES_READER})"
        for f in files
    ]
    return " UNION ALL ".join(selects) or "SELECT NULL::VARCHAR AS source_file, 0 AS line_no, '' AS line WHERE false"


def lines_reader_reads(files: Sequence[SourceFile]) -> list[SourceFile]:
    """The files whose lines DuckDB's CSV reader gives exactly as read_text and csv_lines.sql do, and faster: it
    gives as many lines as the file has (physical_lines, counted from the bytes) and they hold all of its text
    (text_bytes). It does not where a file mixes line ends oddly (an empty CRLF line after a LF line is two lines to
    it) or holds the reader's delimiter, and it may stop at bytes it cannot parse: it reads each file first on a
    connection of its own, so that an error it raises cannot abort the run's transaction, and such a file is read
    by the SQL."""
    readable = []
    with duckdb.connect() as side:
        for file in files:
            if not file.physical_lines or file.text_bytes is None:
                continue
            try:
                lines, text_bytes = side.execute(
                    "SELECT count(*), coalesce(sum(strlen(coalesce(line, ''))), 0)"
                    f" FROM read_csv({sql_literal(file.read_path)}, {_LINES_READER})"
                ).fetchall()[0]
            except duckdb.Error:
                continue
            if (lines, text_bytes) == (file.physical_lines, file.text_bytes):
                readable.append(file)
    return readable
