"""Staging: the council's ledger files, every row loaded or quarantined with its file, line and reason."""

from collections.abc import Callable
from pathlib import Path

import duckdb as duckdb_module
import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetSpec,
    Failure,
    MaterializeResult,
    asset_check,
    multi_asset,
)

from assets.expectation_suites import between_expectation
from assets.fingerprints import fingerprint
from assets.staging import ledger_removals, source_files
from assets.staging.ledger_layouts import is_ledger_header, month_in_name, resolve_layout
from core.config import LEDGER_FIELDS, SpendAnalysis
from core.formatting import money
from core.sql import STATE_SCHEMA, columns_of, create_table, sql_beside, state_table
from core.warehouse import Warehouse


def _thresholds() -> dict[str, float]:
    """When a file is rejected whole (expectations/ledger_files.json), and the bounds of a plausible payment
    (expectations/ledger_transactions.json): declared once, beside the checks that report them."""
    date, amount = (between_expectation("ledger_files", f"{c}_parse_rate") for c in ("date", "amount"))
    payment = between_expectation("ledger_transactions", "amount")
    return {
        "min_date_parse_rate": float(date["kwargs"]["min_value"]),
        "min_amount_parse_rate": float(amount["kwargs"]["min_value"]),
        "min_values_to_judge": int(date["meta"]["min_values_to_judge"]),
        "min_payment": int(payment["kwargs"]["min_value"]),
        "max_payment": int(payment["kwargs"]["max_value"]),
    }


def _layouts(
    files: list[source_files.SourceFile], headers: dict[str, list[str]], overrides: dict[str, list[str]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per file: its header line, width, delimiter, the month its name gives, the column of each field and
    any file-level problem; and one row per field the header names twice (the columns whose values must agree)."""
    rows, duplicates = [], []
    for file in files:
        header = headers.get(file.source_file, [])
        layout = resolve_layout(header, overrides)
        first_line = file.delimiter.join(header)
        rows.append(
            {
                "source_file": file.source_file,
                "header_line": file.header_line,
                "header_fields": layout.header_fields,
                "delimiter": file.delimiter,
                "named_month": month_in_name(file.source_file),
                "problem": file.problem
                or (layout.problem(first_line, source_files.HEADER_SEARCH_LINES) if file.header_line else None),
                **{f"{field}_col": layout.columns[field] for field in LEDGER_FIELDS},
            }
        )
        duplicates += [
            (file.source_file, field, header[first - 1].strip(), first, other)
            for field, first, other in layout.duplicates
        ]
    columns = ["source_file", "header_line", "header_fields", "delimiter", "named_month", "problem"]
    columns += [f"{f}_col" for f in LEDGER_FIELDS]
    frame = pd.DataFrame(rows, columns=columns)
    int_columns = ["header_line", "header_fields", *(f"{f}_col" for f in LEDGER_FIELDS)]
    frame = frame.astype({c: "Int64" for c in int_columns}).astype(
        {"problem": "string", "source_file": "string", "delimiter": "string", "named_month": "datetime64[s]"}
    )
    duplicated = pd.DataFrame(duplicates, columns=["source_file", "field", "header", "first_col", "other_col"])
    return frame, duplicated.astype({"first_col": "int64", "other_col": "int64"})


@multi_asset(
    specs=[
        AssetSpec(
            "ledger_transactions",
            group_name="ingest",
            description="One row per loaded ledger row, with source_file, source_line, payment date, "
            "financial year and amount (DECIMAL(18,2)).",
        ),
        AssetSpec(
            "ledger_quarantine",
            group_name="ingest",
            description="Every ledger row not loaded: source_file, source_line, reason and the raw row.",
        ),
        AssetSpec(
            "ledger_rows",
            group_name="ingest",
            description="Every data row of every ledger file as parsed, with the reason its own file gives not to "
            "load it (and then its text); kept so that each file is parsed once. ledger_transactions and "
            "ledger_quarantine judge these rows across files.",
        ),
        AssetSpec(
            "ledger_files",
            group_name="ingest",
            description="One row per ledger file: fingerprint, lines, rows and money, for reconciliation.",
        ),
    ],
    check_specs=[
        AssetCheckSpec(
            "loaded_files_still_load",
            asset="ledger_files",
            blocking=True,
            description="Every file that loaded payments in the last published run still loads some, unless the "
            "analyst confirmed its removal with `spend confirm-removal`: a file gone, renamed, emptied or "
            "unreadable never takes its money out of the figures without a word.",
        )
    ],
)
def ledger(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Parse each ledger file once (again only when its bytes or the parsing rules change), then judge every row
    across files and split the ledger into loaded and quarantined rows."""
    config = analysis.load()
    key = parse_key(config)
    with warehouse.connection() as con:
        loaded_before = ledger_removals.loaded_by_file(con)
        parsed = _parsed_files(con, key)
        scratch = warehouse.scratch("ledger")
        files = source_files.prepare(
            config.ledger_files, config.config_dir, scratch, recognise=_recognise(config), known=parsed
        )
        if not files and parsed is None:
            raise Failure(f"no ledger files yet: the ledger globs match nothing and {config.landing_path} is empty")
        to_parse = [f for f in files if (f.source_file, f.sha256) not in _file_hashes(parsed)]
        # parsed before under the same rules, unchanged, still there
        keep = sorted({f.source_file for f in files} - {f.source_file for f in to_parse})
        if loaded_before:  # a kept file's payments stay loaded, from it or from a copy of them
            ledger_removals.set_aside(con, sorted(set(loaded_before) - set(keep)))
        counts = _update(context, con, config, key, files, to_parse, keep, parsed is None, scratch)
        _record_modification_times(con, files)
        problems = reconciliation_problems(con)
        if problems:  # a ledger which does not reconcile fails the run: nothing of it is published
            raise Failure("the ledger does not reconcile with its files: " + "; ".join(problems))
        rejected = con.execute(
            "SELECT DISTINCT source_file, reason FROM ledger_quarantine WHERE starts_with(reason, 'file rejected')"
        ).fetchall()
        loaded, quarantined = con.execute(
            "SELECT (SELECT coalesce(sum(amount), 0) FROM ledger_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_quarantine)"
        ).fetchall()[0]
        leaving = ledger_removals.leaving(con, loaded_before, config.config_dir)
        confirmed = ledger_removals.confirmed(con)
        ledger_removals.consume_confirmations(con)
    for source_file, reason in rejected:
        context.log.error(f"{source_file}: {reason}")
    if counts["ledger_quarantine"]:
        context.log.warning(f"{counts['ledger_quarantine']} ledger rows quarantined: see table ledger_quarantine")
    yield MaterializeResult(
        asset_key="ledger_transactions",
        metadata={
            "rows": counts["ledger_transactions"],
            "amount": str(loaded),
            "files": len(files),
            "files parsed this run": len(to_parse),
            "files removed": len(set(parsed or {}) - {f.source_file for f in files}),
            "rows judged this run": counts["judged"],
        },
    )
    yield MaterializeResult(
        asset_key="ledger_quarantine",
        metadata={"rows": counts["ledger_quarantine"], "amount": str(quarantined)},
    )
    yield MaterializeResult(asset_key="ledger_rows", metadata={"files parsed this run": len(to_parse)})
    yield MaterializeResult(asset_key="ledger_files", metadata={"rows": len(files)})
    for lost in (f for f in leaving if f.why is None):
        context.log.warning(
            f"{lost.source_file} changed: {lost.payments:,} payments ({money(lost.amount)}) it loaded before are in "
            "no file now (corrected or withdrawn by the council?)"
        )
    yield ledger_removals.check_result(leaving, confirmed, analysis.config_path)


def _update(
    context,
    con,
    config,
    key: str,
    files: list[source_files.SourceFile],
    to_parse: list[source_files.SourceFile],
    keep: list[str],
    no_parse_state: bool,
    scratch: Path,
) -> dict[str, int]:
    """ledger_rows and ledger_files made to hold the kept files and those parsed now, and the rows judged across
    files again where a verdict can change; returns the counts of loaded, quarantined and judged rows."""
    replace = bool(to_parse) and (no_parse_state or not keep)
    # judged again only where a verdict can change, unless a file leaving has the same content as one kept
    incremental = not no_parse_state and not replace and _forget_leaving_files(con, keep)
    _parse(context, con, to_parse, keep, config, key, replace)
    return _judge(
        con,
        [f.source_file for f in to_parse] if incremental else None,
        lambda source_files_: _copies_read_again(con, config, files, source_files_, scratch),
    )


def _forget_leaving_files(con, keep: list[str]) -> bool:
    """Before the files not kept leave ledger_rows: take their rows out of
    ledger_transactions and ledger_quarantine, and note in temp table changed_payments the payments they held, whose
    copies elsewhere must be judged again. False, and nothing done, when a leaving file has the same content as a
    kept one (the kept one may have been its copy): then every row is judged again."""
    shared_bytes = con.execute(
        "SELECT count(*) FROM ledger_files AS leaving JOIN ledger_files AS kept USING (content_key)"
        " WHERE NOT list_contains($keep, leaving.source_file) AND list_contains($keep, kept.source_file)",
        {"keep": keep},
    ).fetchall()[0][0]
    if shared_bytes:
        return False
    con.execute(
        "CREATE OR REPLACE TEMP TABLE changed_payments AS"
        " SELECT DISTINCT transaction_number, payment_date, amount FROM ledger_rows"
        " WHERE NOT list_contains($keep, source_file) AND reason IS NULL AND transaction_number IS NOT NULL",
        {"keep": keep},
    )
    for table in ("ledger_transactions", "ledger_quarantine"):
        con.execute(f"DELETE FROM {table} WHERE NOT list_contains($keep, source_file)", {"keep": keep}).fetchall()
    return True


def _judge(con, new_files: list[str] | None, read_copies: Callable[[list[str]], None]) -> dict[str, int]:
    """Rows judged across files into ledger_transactions and ledger_quarantine.
    With `new_files` (the files parsed this run, the leaving ones forgotten), only the rows whose verdict can change
    are judged again: those of the new files, and every row that would load holding a payment (transaction number,
    date and amount) a new or leaving file holds, so that each such payment is judged with all its copies. Without,
    or when a new file has the same content as a kept one, every row is."""
    if new_files is not None and not _shares_content_with_kept(con, new_files):
        con.execute(
            "INSERT INTO changed_payments SELECT DISTINCT transaction_number, payment_date, amount FROM ledger_rows"
            " WHERE list_contains($new, source_file) AND reason IS NULL AND transaction_number IS NOT NULL",
            {"new": new_files},
        ).fetchall()
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ledger_rows_to_judge AS"
            " SELECT * FROM ledger_rows WHERE list_contains($new, source_file)"
            " UNION ALL SELECT * FROM ledger_rows SEMI JOIN changed_payments"
            " USING (transaction_number, payment_date, amount)"
            " WHERE NOT list_contains($new, source_file) AND reason IS NULL",
            {"new": new_files},
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE ledger_copies AS {sql_beside(__file__, 'steps/ledger_copies')}")
        _copy_records(con, read_copies)
        for name in ("ledger_transactions", "ledger_quarantine"):
            con.execute(
                f"DELETE FROM {name} WHERE (source_file, source_line) IN"
                " (SELECT (source_file, source_line) FROM ledger_rows_to_judge)"
            ).fetchall()
            con.execute(f"INSERT INTO {name} BY NAME {sql_beside(__file__, name)}").fetchall()
        counts = {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            for name in ("ledger_transactions", "ledger_quarantine")
        }
    else:
        con.execute("CREATE OR REPLACE TEMP VIEW ledger_rows_to_judge AS SELECT * FROM ledger_rows")
        con.execute(f"CREATE OR REPLACE TEMP TABLE ledger_copies AS {sql_beside(__file__, 'steps/ledger_copies')}")
        _copy_records(con, read_copies)
        counts = {
            name: create_table(con, name, sql_beside(__file__, name))
            for name in ("ledger_transactions", "ledger_quarantine")
        }
    con.execute(
        f"UPDATE {state_table(con, LEDGER_FILE_STATE)} SET judged_at = now()"
        " WHERE judged_at IS NULL OR source_file IN (SELECT source_file FROM ledger_rows_to_judge)"
    ).fetchall()
    return {**counts, "judged": con.execute("SELECT count(*) FROM ledger_rows_to_judge").fetchall()[0][0]}


def _copy_records(con, read_copies: Callable[[list[str]], None]) -> None:
    """Temp table copy_records (source_file, source_line, record): the text of each row judged a copy of another
    whose own file would load it. ledger_rows keeps the text only of the rows their own file quarantines (most rows
    load, and their text is half the table), so a copy's is read again from its file: rare, and only those files."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE copy_lines AS SELECT r.source_file, r.source_line, r.last_line"
        " FROM ledger_rows_to_judge AS r SEMI JOIN ledger_copies AS c USING (source_file, source_line)"
        " WHERE r.record IS NULL"
    )
    files = [row[0] for row in con.execute("SELECT DISTINCT source_file FROM copy_lines ORDER BY 1").fetchall()]
    if not files:
        con.execute("CREATE OR REPLACE TEMP TABLE copy_records AS SELECT *, NULL::VARCHAR AS record FROM copy_lines")
        return
    read_copies(files)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE copy_records AS"
        " SELECT c.source_file, c.source_line, string_agg(l.line, chr(10) ORDER BY l.line_no) AS record"
        " FROM copy_lines AS c JOIN csv_lines AS l"
        " ON l.source_file = c.source_file AND l.line_no BETWEEN c.source_line AND c.last_line"
        " GROUP BY c.source_file, c.source_line"
    )
    con.execute("DROP TABLE csv_lines")


def _copies_read_again(con, config, files: list[source_files.SourceFile], wanted: list[str], scratch: Path) -> None:
    """Temp table csv_lines with the lines of the files `wanted` (by source_file): from their copies in scratch when
    this run read them, else (kept from an earlier run, unchanged since) from the analysis's files prepared again."""
    read = {f.source_file: f for f in files if f.read_path}
    # a workbook's sheets are named after it: `book.xlsx#Sheet`
    unread = {name.split("#")[0] for name in wanted if name not in read}
    paths = [path for path in config.ledger_files if source_files.display_name(path, config.config_dir) in unread]
    if paths:
        again = scratch / "read again"
        again.mkdir(exist_ok=True)
        prepared = source_files.prepare(paths, config.config_dir, again, _recognise(config))
        read |= {f.source_file: f for f in prepared}
    source_files.read_lines(con, [read[name] for name in wanted])


def _recognise(config) -> source_files.Recognise:
    """Whether a row of fields is a ledger header, for this analysis."""
    return lambda headers: is_ledger_header(headers, config.ledger_columns)


def _shares_content_with_kept(con, new_files: list[str]) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM ledger_files AS new JOIN ledger_files AS kept USING (content_key)"
            " WHERE list_contains($new, new.source_file) AND NOT list_contains($new, kept.source_file)",
            {"new": new_files},
        ).fetchall()[0][0]
    )


def _record_modification_times(con, files: list[source_files.SourceFile]) -> None:
    """A file touched but unchanged is read once more, found the same, and its new time recorded, so that the next
    run need not read it."""
    con.register("prepared_files", source_files.as_frame(files))
    state = state_table(con, LEDGER_FILE_STATE)
    con.execute(
        f"UPDATE {state} AS s SET modified_ns = p.modified_ns FROM prepared_files AS p"
        " WHERE s.source_file = p.source_file AND s.modified_ns <> p.modified_ns"
    ).fetchall()


def reconciliation_problems(con) -> list[str]:
    """Files whose lines, rows or money are not all accounted for, each described; empty when all reconcile."""
    return [
        f"{source_file}: {physical_lines} lines in the file, {lines_read} read; {data_rows} rows (£{amount}) in the "
        f"file, {accounted_rows} (£{accounted_amount}) loaded or quarantined"
        + (
            f"; {swallowed} lines that read as rows lie inside another record (an unbalanced quote above the data?)"
            if swallowed
            else ""
        )
        for source_file, physical_lines, lines_read, swallowed, data_rows, amount, accounted_rows, accounted_amount in (
            con.execute(sql_beside(__file__, "steps/ledger_reconciliation")).fetchall()
        )
    ]


#: The bookkeeping table (schema pipeline_state) of each file in ledger_files: its modification time (a file whose
#: size and time are unchanged is not read again), the fingerprint of the rules it was parsed under (a file is
#: parsed again when its bytes or these change), and when its rows were last judged across files
#: (located_transactions locates again the payments of files judged since it last did).
LEDGER_FILE_STATE = "ledger_file_state"


def parse_key(config) -> str:
    """The fingerprint of everything that decides how a file parses and its rows are judged: the ledger's rules,
    DuckDB's version, the thresholds and the analysis's ledger settings. A file parsed under another is parsed
    again."""
    settings = [config.ledger_columns, config.day_first, _thresholds()]
    return fingerprint("ledger", duckdb_module.__version__, settings)


def _parsed_files(con, key: str) -> dict[str, source_files.SourceFile] | None:
    """The files already parsed under `key` whose rows are all in ledger_rows, as recorded, by source_file; None
    when the warehouse has no usable parse state (first run, or tables from another version): all is parsed again."""
    state = state_table(con, LEDGER_FILE_STATE)
    fields = [f for f in source_files.RECORDED if f != "modified_ns"]
    if (
        not columns_of(con, "ledger_rows")
        or not {*fields} <= columns_of(con, "ledger_files")
        or not columns_of(con, LEDGER_FILE_STATE, schema=STATE_SCHEMA)
    ):
        return None  # a failed query would abort the run's transaction, so the tables are looked up first
    recorded = con.execute(
        f"SELECT {', '.join(f'f.{c}' for c in fields)}, s.modified_ns FROM ledger_files AS f"
        f" JOIN {state} AS s USING (source_file)"
        " LEFT JOIN (SELECT source_file, count(*) AS n FROM ledger_rows GROUP BY 1) AS r USING (source_file)"
        " WHERE s.parse_key = ? AND coalesce(r.n, 0) = f.data_rows",
        [key],
    ).fetchall()
    return {
        row[0]: source_files.SourceFile(read_path="", **dict(zip([*fields, "modified_ns"], row, strict=True)))
        for row in recorded
    }


def _file_hashes(parsed: dict[str, source_files.SourceFile] | None) -> set[tuple[str, str]]:
    return {(f.source_file, f.sha256) for f in (parsed or {}).values()}


def _parse(context, con, files: list[source_files.SourceFile], keep: list[str], config, key: str, replace: bool):
    """ledger_rows and ledger_files come to hold exactly the kept files and
    `files`, parsed a batch of files at a time into temp tables new_ledger_rows and new_ledger_files and appended
    (the first batch replaces the tables when `replace`: nothing is kept, or they are from another version). Each
    file is parsed on its own, so batching changes nothing but memory, which stays bounded by the batch."""
    state = state_table(con, LEDGER_FILE_STATE)
    if replace:
        con.execute(
            f"CREATE OR REPLACE TABLE {state}"
            " (source_file VARCHAR, modified_ns BIGINT, parse_key VARCHAR, judged_at TIMESTAMPTZ)"
        )
    else:
        for table in ("ledger_rows", "ledger_files", state):
            con.execute(f"DELETE FROM {table} WHERE NOT list_contains($keep, source_file)", {"keep": keep}).fetchall()
    for number, batch in enumerate(_batches(files)):
        _parse_batch(context, con, batch, config)
        for table in ("ledger_rows", "ledger_files"):
            if replace and number == 0:
                con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM new_{table}")
            else:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_{table}").fetchall()
        con.execute(
            f"INSERT INTO {state} SELECT source_file, modified_ns, $key, NULL FROM csv_files", {"key": key}
        ).fetchall()


#: Bytes of ledger files parsed at once.
BATCH_BYTES = 64 * 1024 * 1024


def _batches(files: list[source_files.SourceFile]) -> list[list[source_files.SourceFile]]:
    batches: list[list[source_files.SourceFile]] = []
    for file in files:
        if not batches or sum(f.bytes for f in batches[-1]) + file.bytes > BATCH_BYTES:
            batches.append([])
        batches[-1].append(file)
    return batches


def _parse_batch(context, con, files: list[source_files.SourceFile], config) -> None:
    """Parse `files` into temp tables new_ledger_rows and new_ledger_files."""
    headers = source_files.read_records(con, "ledger_records", files)
    layouts, duplicates = _layouts(files, headers, config.ledger_columns)
    for problem in layouts.dropna(subset=["problem"]).itertuples():
        context.log.warning(f"{problem.source_file}: {problem.problem}; all its rows are quarantined")
    con.register("ledger_layouts", layouts)
    con.register("ledger_duplicate_columns", duplicates)
    # what only a record over several lines needs, done only when there is one: the SQL is slow to plan
    spanning = _count(con, "SELECT count(*) FROM spanning_lines")
    if spanning:
        con.execute(f"CREATE TEMP TABLE split_records AS {sql_beside(__file__, 'steps/split_swallowing_records')}")
        con.execute("CREATE OR REPLACE TEMP TABLE ledger_records AS FROM split_records")
        con.execute("DROP TABLE split_records")
    else:
        con.execute("ALTER TABLE ledger_records ADD COLUMN quote_problem VARCHAR")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE new_ledger_rows AS {sql_beside(__file__, 'ledger_rows')}",
        {"day_first": config.day_first, **_thresholds()},
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE row_lines_inside_records AS "
        + (
            sql_beside(__file__, "steps/row_lines_inside_records")
            if spanning
            else "SELECT NULL::VARCHAR AS source_file, NULL::BIGINT AS row_lines_inside_records WHERE false"
        )
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_ledger_files AS {sql_beside(__file__, 'ledger_files')}")
    con.execute("DROP TABLE ledger_records")


def _count(con, select: str) -> int:
    return con.execute(select).fetchall()[0][0]


@asset_check(
    asset="ledger_transactions",
    additional_deps=["ledger_quarantine", "ledger_files"],
    blocking=True,
    description="Every line of every file is read, and every data row is loaded or quarantined: rows and money "
    "in the files equal loaded plus quarantined, to the penny.",
)
def reconciles_with_files(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        totals = con.execute(
            "SELECT sum(data_rows), CAST(sum(amount_in_file) AS VARCHAR),"
            " (SELECT count(*) FROM ledger_transactions), (SELECT count(*) FROM ledger_quarantine)"
            " FROM ledger_files"
        ).fetchall()[0]
        problems = reconciliation_problems(con)
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(problems) or None,
        metadata={
            "rows_in_files": totals[0] or 0,
            "amount_in_files": totals[1] or "0",
            "loaded_rows": totals[2],
            "quarantined_rows": totals[3],
            "files_not_reconciled": len(problems),
        },
    )
