"""Staging: the council's ledger files, every row loaded or quarantined with its file, line and reason."""

import tempfile
from pathlib import Path

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    AssetSpec,
    MaterializeResult,
    asset_check,
    multi_asset,
)
from dagster_duckdb import DuckDBResource

from assets.expectation_suites import suite_minimum
from assets.sql import publish, sql_beside, warehouse
from assets.staging import source_files
from assets.staging.ledger_layouts import resolve_layout
from pipelines.config import LEDGER_FIELDS
from pipelines.resources import SpendAnalysis


def rejection_thresholds() -> dict[str, float]:
    """When a file is rejected whole: thresholds declared in expectations/ledger_files.json."""
    date, amount = (suite_minimum("ledger_files", f"{c}_parse_rate") for c in ("date", "amount"))
    return {
        "min_date_parse_rate": float(date["kwargs"]["min_value"]),
        "min_amount_parse_rate": float(amount["kwargs"]["min_value"]),
        "min_values_to_judge": int(date["meta"]["min_values_to_judge"]),
    }


def _copies(files: list[source_files.SourceFile]) -> dict[str, str]:
    """Files whose bytes equal an earlier file's (in path order), each with the reason its rows are not loaded."""
    first: dict[str, str] = {}
    copies = {}
    for file in files:
        if file.sha256 in first:
            copies[file.source_file] = (
                f"file has the same content as {first[file.sha256]} (sha256 {file.sha256[:12]}), "
                "which is loaded; this copy is not"
            )
        else:
            first[file.sha256] = file.source_file
    return copies


def _layouts(first_records: list[tuple], overrides: dict[str, list[str]], copies: dict[str, str]) -> pd.DataFrame:
    """One row per file: its header line, width, column of each field and any file-level problem."""
    rows = []
    for source_file, header_line, headers in first_records:
        layout = resolve_layout(headers, overrides)
        rows.append(
            {
                "source_file": source_file,
                "header_line": header_line,
                "header_fields": layout.header_fields,
                "problem": copies.get(source_file, layout.problem),
                **{f"{field}_col": layout.columns[field] for field in LEDGER_FIELDS},
            }
        )
    columns = ["source_file", "header_line", "header_fields", "problem", *(f"{f}_col" for f in LEDGER_FIELDS)]
    frame = pd.DataFrame(rows, columns=columns)
    int_columns = ["header_line", "header_fields", *(f"{f}_col" for f in LEDGER_FIELDS)]
    return frame.astype({c: "Int64" for c in int_columns}).astype({"problem": "string", "source_file": "string"})


@multi_asset(
    specs=[
        AssetSpec(
            "ledger_transactions",
            group_name="staging",
            description="One row per loaded ledger row, with source_file, source_line, payment date, "
            "financial year and amount (DECIMAL(18,2)).",
        ),
        AssetSpec(
            "ledger_quarantine",
            group_name="staging",
            description="Every ledger row not loaded: source_file, source_line, reason and the raw row.",
        ),
        AssetSpec(
            "ledger_files",
            group_name="staging",
            description="One row per ledger file: fingerprint, lines, rows and money, for reconciliation.",
        ),
    ],
)
def ledger(context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource):
    """Read every ledger file, choose its columns from its own header, and split rows into loaded/quarantined."""
    config = analysis.load()
    with tempfile.TemporaryDirectory(prefix="spend-ledger-") as scratch, warehouse(duckdb) as con:
        files = source_files.read_records(con, "ledger_records", config.ledger_files, config.config_dir, Path(scratch))
        layouts = _layouts(source_files.header_records(con, "ledger_records"), config.ledger_columns, _copies(files))
        for problem in layouts.dropna(subset=["problem"]).itertuples():
            context.log.warning(f"{problem.source_file}: {problem.problem}; all its rows are quarantined")
        con.register("ledger_layouts", layouts)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE ledger_rows AS {sql_beside(__file__, 'ledger_rows')}",
            {"day_first": config.day_first, **rejection_thresholds()},
        )
        tables = ("ledger_transactions", "ledger_quarantine", "ledger_files")
        counts = publish(con, [(name, sql_beside(__file__, name), None) for name in tables])
        rejected = con.execute(
            "SELECT DISTINCT source_file, reason FROM ledger_quarantine WHERE starts_with(reason, 'file rejected')"
        ).fetchall()
        loaded, quarantined = con.execute(
            "SELECT (SELECT coalesce(sum(amount), 0) FROM ledger_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_quarantine)"
        ).fetchone()
    for source_file, reason in rejected:
        context.log.error(f"{source_file}: {reason}")
    if counts["ledger_quarantine"]:
        context.log.warning(f"{counts['ledger_quarantine']} ledger rows quarantined: see table ledger_quarantine")
    yield MaterializeResult(
        asset_key="ledger_transactions",
        metadata={"rows": counts["ledger_transactions"], "amount": str(loaded), "files": len(files)},
    )
    yield MaterializeResult(
        asset_key="ledger_quarantine",
        metadata={"rows": counts["ledger_quarantine"], "amount": str(quarantined)},
    )
    yield MaterializeResult(asset_key="ledger_files", metadata={"rows": counts["ledger_files"]})


@asset_check(
    asset="ledger_transactions",
    additional_deps=["ledger_quarantine", "ledger_files"],
    blocking=True,
    description="Every line of every file is read, and every data row is loaded or quarantined: rows and money "
    "in the files equal loaded plus quarantined, to the penny.",
)
def reconciles_with_files(duckdb: DuckDBResource) -> AssetCheckResult:
    with warehouse(duckdb) as con:
        mismatches = con.execute(sql_beside(__file__, "ledger_reconciliation")).fetchall()
        totals = con.execute(
            "SELECT sum(data_rows), CAST(sum(amount_in_file) AS VARCHAR),"
            " (SELECT count(*) FROM ledger_transactions), (SELECT count(*) FROM ledger_quarantine)"
            " FROM ledger_files"
        ).fetchone()
    problems = [
        f"{source_file}: {physical_lines} lines in the file, {lines_read} read; {data_rows} rows (£{amount}) in the "
        f"file, {accounted_rows} (£{accounted_amount}) loaded or quarantined"
        for source_file, physical_lines, lines_read, data_rows, amount, accounted_rows, accounted_amount in mismatches
    ]
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
