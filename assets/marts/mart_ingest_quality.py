"""The data-quality report of each ingest: per file, rows and money in, loaded and quarantined (by reason).

Published three ways: the warehouse table `mart_ingest_quality`, the asset's Dagster metadata (a Markdown table
of the files that need a look), and a readable HTML page beside the warehouse.
"""

import html
from pathlib import Path

import pandas as pd
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.expectation_suites import failed_by_row, read_suite, suite_columns
from assets.metadata import table_metadata
from core.config import SpendAnalysis
from core.formatting import money, percent
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

_COLUMNS = {
    "source_file": "File",
    "status": "Status",
    "data_rows": "Rows in file",
    "amount_in_file": "Money in file",
    "loaded_rows": "Loaded",
    "loaded_amount": "Money loaded",
    "quarantined_rows": "Quarantined",
    "quarantined_amount": "Money quarantined",
    "quarantined_by_reason": "Quarantined, by reason",
    "date_parse_rate": "Dates parsed",
    "amount_parse_rate": "Amounts parsed",
    "failed_expectations": "Expectations failed",
    "fields_missing": "Fields it lacks",
}
_MONEY = {"amount_in_file", "loaded_amount", "quarantined_amount"}
_RATES = {"date_parse_rate", "amount_parse_rate"}


def _file_expectations(con) -> pd.DataFrame:
    """Per file, the row-level expectations of expectations/ledger_files.json it fails (GX, row by file)."""
    suite = read_suite("ledger_files")
    columns = ", ".join(dict.fromkeys(["source_file", *suite_columns(suite)]))
    files = con.execute(f"SELECT {columns} FROM ledger_files ORDER BY source_file").df()
    failed = failed_by_row(suite, files)
    return pd.DataFrame(
        {
            "source_file": [files.source_file[i] for i in failed],
            "failed_expectations": ["; ".join(names) for names in failed.values()],
        },
        dtype="string",
    )


def _cell(column: str, value) -> str:
    if column in _MONEY:
        return money(value)
    if column in _RATES:
        return percent(value)
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def lacks_altogether(rows: list[dict]) -> list[str]:
    """The optional fields no file's loaded rows fill (files that loaded nothing say nothing of their fields)."""
    filled = [r for r in rows if r["loaded_rows"]]
    if not filled:
        return []
    missing = [set(r["fields_missing"].split(", ")) if isinstance(r["fields_missing"], str) else set() for r in filled]
    return sorted(set.intersection(*missing))


def render_html(title: str, rows: list[dict], totals: dict) -> str:
    """A self-contained page: totals, then one row per file, files needing a look first."""
    head = "".join(f"<th>{html.escape(label)}</th>" for label in _COLUMNS.values())
    body = "".join(
        f'<tr class="{"ok" if row["status"] == "loaded" else "look"}">'
        + "".join(f"<td>{html.escape(_cell(c, row[c]))}</td>" for c in _COLUMNS)
        + "</tr>"
        for row in sorted(rows, key=lambda r: (r["status"] == "loaded", r["source_file"]))
    )
    summary = (
        f"{totals['files']:,} files; {totals['data_rows']:,} rows ({money(totals['amount_in_file'])}) in; "
        f"{totals['loaded_rows']:,} loaded ({money(totals['loaded_amount'])}); {totals['quarantined_rows']:,} "
        f"quarantined ({money(totals['quarantined_amount'])} where the amount parses); "
        f"{totals['files_needing_a_look']:,} files need a look."
    )
    lacking = lacks_altogether(rows)
    lacks = (
        f"The ledger lacks altogether: {', '.join(lacking)} (no loaded row of any file fills them: the breakdowns, "
        "supplier links and types that use them cannot)."
        if lacking
        else "Every optional field is filled by some file."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body{{font-family:sans-serif;margin:2em}} table{{border-collapse:collapse;font-size:90%}}
td,th{{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}} tr.look{{background:#fff4e0}}
</style>
</head><body><h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p><p>{html.escape(lacks)}</p>
<p>Every row of every file is loaded into <code>ledger_transactions</code> or listed, with its file, line and
reason, in <code>ledger_quarantine</code>.</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>
"""


@asset(group_name="marts", deps=["ledger_transactions", "ledger_quarantine", "ledger_files"])
def mart_ingest_quality(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """Per ledger file: rows and money in, loaded, quarantined by reason, parse rates against the suite, status."""
    config = analysis.load()
    with warehouse.connection() as con:
        con.register("file_expectations", _file_expectations(con))
        create_table(con, "mart_ingest_quality", sql_beside(__file__, "mart_ingest_quality"))
        cursor = con.execute("SELECT * FROM mart_ingest_quality")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        described = table_metadata(con, "mart_ingest_quality")
    totals = {
        "files": len(rows),
        **{k: sum(r[k] for r in rows) for k in ("data_rows", "loaded_rows", "quarantined_rows")},
        **{k: sum(r[k] for r in rows) for k in _MONEY},
        "files_needing_a_look": sum(r["status"] != "loaded" for r in rows),
        "fields the ledger lacks": ", ".join(lacks_altogether(rows)) or "none",
    }
    page = Path(config.warehouse_path).with_name("ingest_quality_report.html")
    warehouse.stage_file(page, render_html(f"{config.council_name}: ledger ingest quality", rows, totals))
    look = [r for r in rows if r["status"] != "loaded"]
    table = "\n".join(
        ["| File | Status | Rows | Loaded | Quarantined, by reason |", "|---|---|---|---|---|"]
        + [
            f"| {r['source_file']} | {r['status']} | {r['data_rows']:,} | {r['loaded_rows']:,} | "
            f"{(r['quarantined_by_reason'] or '').replace('|', '/')} |"
            for r in look[:50]
        ]
    )
    context.log.info(f"ingest quality report: {page}, written when the run publishes")
    return MaterializeResult(
        metadata={
            "report": MetadataValue.url(page.as_uri()),
            "report file": MetadataValue.path(str(page)),
            "files needing a look": MetadataValue.md(table if look else "Every file loaded whole."),
            **{k: (money(v) if k in _MONEY else v) for k, v in totals.items()},
            **described,
        }
    )
