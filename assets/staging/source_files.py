"""Source files as the pipeline reads them: fingerprinted, line-counted and decoded to UTF-8.

DuckDB reads UTF-8 only. Councils also publish Windows-1252 files (a `£` is byte A3), so a file that is not valid
UTF-8 is decoded as Windows-1252 into a UTF-8 copy in a scratch folder; the original path stays the row's
`source_file`. The physical line count taken here is independent of the SQL that splits records, so the
reconciliation check can prove that no line went missing between the file and the tables.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from assets.sql import sql_beside

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    source_file: str
    read_path: str
    sha256: str
    bytes: int
    modified_ns: int
    physical_lines: int
    encoding: str


def display_name(path: Path, base: Path) -> str:
    """The path analysts see: relative to the analysis folder when the file lies inside it."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _copy_and_scan(path: Path, copy: Path) -> tuple[str, int, int, bool]:
    """Copy `path` to `copy`, and take its sha256, size, physical line count, and whether the bytes are valid
    UTF-8, in one streaming pass. The pipeline reads the copy: the bytes fingerprinted are the bytes parsed even if
    the original is being rewritten, and DuckDB never sees a name it would take for a glob (`Payments [Q1].csv`).

    Lines end with LF, CRLF or a lone CR (old Mac exports): line ends = LFs + CRs - CRLF pairs."""
    digest, size, breaks, last = hashlib.sha256(), 0, 0, b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as handle, copy.open("wb") as out:
        while chunk := handle.read(_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
            breaks += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
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
    return digest.hexdigest(), size, lines, utf8


def _transcode(path: Path, target: Path) -> None:
    with (
        path.open("r", encoding="cp1252", errors="replace", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(_CHUNK):
            dst.write(chunk)


def prepare(
    paths: Sequence[Path], base: Path, scratch: Path, known: Mapping[str, SourceFile] | None = None
) -> list[SourceFile]:
    """Copy every file to `scratch` under a plain name, fingerprint it, and give DuckDB a UTF-8 path to read.

    A file in `known` (by source_file) whose size and modification time are still those recorded is taken as
    recorded, neither read nor copied (its read_path is empty): a monthly refresh does not re-read years of files.
    As for git and make, a file rewritten to the same size within the same nanosecond would go unnoticed."""
    prepared = []
    for index, path in enumerate(paths):
        source_file, stat = display_name(path, base), path.stat()
        recorded = (known or {}).get(source_file)
        if recorded and (recorded.bytes, recorded.modified_ns) == (stat.st_size, stat.st_mtime_ns):
            prepared.append(replace(recorded, read_path=""))
            continue
        read_path = scratch / f"{index:06d}.csv"
        sha256, size, lines, utf8 = _copy_and_scan(path, read_path)
        if not utf8:
            raw, read_path = read_path, scratch / f"{index:06d}.utf8.csv"
            _transcode(raw, read_path)
            raw.unlink()
        prepared.append(
            SourceFile(
                source_file=source_file,
                read_path=str(read_path),
                sha256=sha256,
                bytes=size,
                modified_ns=stat.st_mtime_ns,
                physical_lines=lines,
                encoding="utf-8" if utf8 else "windows-1252",
            )
        )
    return prepared


def as_frame(files: Sequence[SourceFile]) -> pd.DataFrame:
    columns = list(SourceFile.__dataclass_fields__)
    return pd.DataFrame([[getattr(f, c) for c in columns] for f in files], columns=columns)


def read_records(con: duckdb.DuckDBPyConnection, table: str, files: Sequence[SourceFile]) -> None:
    """Load every record of `files` into temp table `table` (source_file, source_line, last_line, record,
    fields, blank); `csv_files` describes the files for the SQL that follows."""
    con.register("csv_files", as_frame(files))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE csv_lines AS {sql_beside(__file__, 'csv_lines')}",
        {"read_paths": [f.read_path for f in files]},
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql_beside(__file__, 'csv_records')}")
    con.execute("DROP TABLE csv_lines")


def header_records(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int, list[str]]]:
    """Each file's first non-blank record, taken as its header: (source_file, line, fields)."""
    return con.execute(
        f"SELECT source_file, source_line, fields FROM {table} WHERE NOT blank"
        " QUALIFY row_number() OVER (PARTITION BY source_file ORDER BY source_line) = 1"
        " ORDER BY source_file"
    ).fetchall()
