"""Staging: the small tables an analyst keeps beside the ledger (the supplier file, the accredited Living Wage
employers), read with the ledger's reader: a CSV with any delimiter and any encoding the ledger may have, or the one
sheet of a workbook that has the register's columns. Columns are found by name in the header, in any case and
spelling (`Supplier Name`, `supplier_name`); a missing required column is an error naming the file and line."""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetsDefinition, AssetSpec, Failure, MaterializeResult, multi_asset

from assets.staging import source_files
from core.config import AnalysisConfig, SpendAnalysis
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse


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

    def load(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        rows_sql: str,
        paths: Sequence[Path],
        base: Path,
        scratch: Path,
        shown_as: Mapping[Path, str] | None = None,
        **params,
    ) -> None:
        """Temp table `table`: `rows_sql` over the records of each file of `paths` in turn (in temp table
        `<table>_records`; each file's own header places its columns), or over no records when there is no file,
        so that the table exists, empty, with its columns. `shown_as` names a file that is not the analyst's (one
        the run wrote) as its lines' source_file. `params` are the SQL's other parameters."""
        records = f"{table}_records"
        if not paths:
            con.execute(_NO_RECORDS.format(records))
            nowhere = {f"{c}_col": None for c in self.required + self.optional}
            _run(con, f"CREATE OR REPLACE TEMP TABLE {table} AS", rows_sql, {"header_line": 0, **nowhere, **params})
        for n, path in enumerate(paths):
            folder = scratch / str(n)
            folder.mkdir()
            file = self.table(path, base, folder)
            if shown_as and path in shown_as:
                file = replace(file, source_file=shown_as[path])
            into = f"CREATE OR REPLACE TEMP TABLE {table} AS" if n == 0 else f"INSERT INTO {table}"
            _run(con, into, rows_sql, {**self.read(con, records, file), **params})

    def read(self, con: duckdb.DuckDBPyConnection, records: str, file: source_files.SourceFile) -> dict:
        """Read the file's records into temp table `records` (source_file, source_line, record, fields, blank) and
        return the parameters its SQL picks fields with: header_line, header_fields and each column's position."""
        header = source_files.read_records(con, records, [file])[file.source_file]
        return {
            "header_line": file.header_line,
            "header_fields": len(header),
            **self.column_positions(file.source_file, file.header_line, header),
        }


_NO_RECORDS = (
    "CREATE OR REPLACE TEMP TABLE {} (source_file VARCHAR, source_line BIGINT, last_line BIGINT, record VARCHAR,"
    " fields VARCHAR[], blank BOOLEAN)"
)


def _run(con: duckdb.DuckDBPyConnection, into: str, rows_sql: str, params: dict) -> None:
    """`into` the rows of `rows_sql`, given only the parameters it uses (DuckDB refuses others)."""
    used = {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", rows_sql)}
    con.execute(f"{into} SELECT * FROM (\n{rows_sql}\n)", used)


def register_tables(
    register: Register,
    tables: dict[str, str],
    rows: str,
    here: str,
    paths: Callable[[AnalysisConfig], list[Path]],
) -> AssetsDefinition:
    """The staging asset of a register: temp table `rows` from the SQL steps/<rows>.sql beside `here` over every
    file `paths` gives (each data row with its reason when it cannot be used), then each table of `tables`
    (name: description; the first the register's rows, the last its quarantine) from <name>.sql beside `here`.
    Without a file every table is empty: the analysis does without the register."""
    quarantine = list(tables)[-1]

    @multi_asset(
        name=next(iter(tables)),
        specs=[AssetSpec(name, group_name="ingest", description=about) for name, about in tables.items()],
    )
    def _register(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
        """Read the register with the ledger's reader; lines that cannot be used are quarantined."""
        config = analysis.load()
        with warehouse.connection() as con:
            register.load(
                con,
                rows,
                sql_beside(here, f"steps/{rows}"),
                paths(config),
                config.config_dir,
                warehouse.scratch(rows),
                day_first=config.day_first,
            )
            counts = {name: create_table(con, name, sql_beside(here, name)) for name in tables}
        if counts[quarantine]:
            context.log.warning(f"{counts[quarantine]} lines of the {register.what} quarantined: see {quarantine}")
        for name in tables:
            yield MaterializeResult(asset_key=name, metadata={"rows": counts[name]})

    return _register
