"""Staging: the small tables an analyst keeps beside the ledger (the supplier file, the accredited Living Wage
employers), read with the ledger's reader: a CSV with any delimiter and any encoding the ledger may have, or the one
sheet of a workbook that has the register's columns. Columns are found by name in the header, in any case and
spelling (`Supplier Name`, `supplier_name`); a missing required column is an error naming the file and line."""

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
from dagster import Failure

from assets.staging import source_files


def column_name(header: str) -> str:
    """`Supplier Name`, `supplier_name` and `SUPPLIER-NAME` all name the column supplier_name."""
    return re.sub(r"[^a-z0-9]+", "_", header.lstrip("\ufeff").lower()).strip("_")


@dataclass(frozen=True)
class Register:
    """A register file: what it is called in messages, and its required and optional columns."""

    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    def is_header(self, headers: list[str]) -> bool:
        return set(self.required) <= {column_name(h) for h in headers}

    def table(self, path: Path, base: Path, scratch: Path) -> source_files.SourceFile:
        """The register as one table: the file, or the one sheet of a workbook with the register's columns."""
        tables = source_files.prepare([path], base, scratch, recognise=self.is_header)
        if len(tables) > 1:
            sheets = ", ".join(t.source_file for t in tables)
            raise Failure(f"{path}: several sheets have {self.what} columns ({sheets}); keep the {self.what} in one")
        if tables[0].problem:
            raise Failure(f"{tables[0].source_file}: {tables[0].problem}")
        if tables[0].header_line is None:
            raise Failure(f"{tables[0].source_file}: {self.what} is empty")
        return tables[0]

    def column_positions(self, source_file: str, header_line: int, headers: list[str]) -> dict[str, int | None]:
        """1-based position of each known column (as parameters `<column>_col`); a missing required column is an
        error naming the file."""
        positions: dict[str, int] = {}
        for position, header in enumerate(headers, start=1):
            positions.setdefault(column_name(header), position)
        missing = [c for c in self.required if c not in positions]
        if missing:
            raise Failure(
                f"{source_file}, line {header_line}: {self.what} has no column {', '.join(missing)} "
                f"(it has: {', '.join(headers)}); required columns are {', '.join(self.required)}"
            )
        return {f"{c}_col": positions.get(c) for c in self.required + self.optional}

    def read(self, con: duckdb.DuckDBPyConnection, records: str, file: source_files.SourceFile) -> dict:
        """Read the file's records into temp table `records` (source_file, source_line, record, fields, blank) and
        return the parameters its SQL picks fields with: header_line, header_fields and each column's position."""
        header = source_files.read_records(con, records, [file])[file.source_file]
        return {
            "header_line": file.header_line,
            "header_fields": len(header),
            **self.column_positions(file.source_file, file.header_line, header),
        }
