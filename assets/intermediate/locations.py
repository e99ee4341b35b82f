"""Intermediate: every party placed in a ring, and every payment linked to its party's place."""

import hashlib
import json
from pathlib import Path

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check

from assets.sql import MACROS, create_table, sql_beside, state_table
from assets.staging.lad_boundaries import place_points
from assets.warehouse import Warehouse
from pipelines.places import expand_place, read_code_changes
from pipelines.resources import SpendAnalysis


def _counts(con, table: str, column: str) -> dict[str, int]:
    return dict(con.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall())


@asset(
    group_name="intermediate",
    deps=["suppliers", "supplier_matches", "companies", "postcode_directory", "lad_names", "lad_boundaries"],
)
def supplier_locations(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """One row per party: its place under "based or branched" (LAD, ring, method, what decided it) and the
    registered-office view beside it."""
    config = analysis.load()
    changes = read_code_changes(config.lad_code_changes_path)
    home, region = expand_place(config.home_lad_codes, changes), expand_place(config.region_lad_codes, changes)
    for note in home.notes + region.notes:
        context.log.warning(note)
    with warehouse.connection() as con:
        for name in ("location_parties", "location_points"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql_beside(__file__, name)}")
        points = con.execute("SELECT * FROM location_points").df()
        boundaries = con.execute("SELECT lad_code, source, priority, geometry FROM lad_boundaries").df()
        con.register("point_lads", place_points(boundaries, points))
        params = {
            "home_lad_codes": list(home.codes),
            "region_lad_codes": list(region.codes),
            "has_boundaries": not boundaries.empty,
        }
        rows = create_table(con, "supplier_locations", sql_beside(__file__, "supplier_locations"), params)
        by_tier, by_method = (
            _counts(con, "supplier_locations", "tier"),
            _counts(con, "supplier_locations", "method"),
        )
    context.log.info(f"parties by tier {by_tier}; by method {by_method}; {len(points)} points to place")
    return MaterializeResult(
        metadata={
            "rows": rows,
            "home LAD codes": ", ".join(home.codes),
            "region LAD codes": ", ".join(region.codes),
            **{f"tier {k}": v for k, v in by_tier.items()},
        }
    )


@asset(group_name="intermediate", deps=["ledger_transactions", "supplier_matches", "supplier_locations"])
def located_transactions(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """One row per loaded payment with its linked party, how it was linked, its LAD and ring both ways. After a
    change, only the payments of ledger files whose rows changed are located again, unless a payee's link or place
    changed, or the rules: then all are."""
    config = analysis.load()
    params = {"redaction_markers": [m.lower() for m in config.redaction_markers]}
    with warehouse.connection() as con:
        con.execute(f"CREATE OR REPLACE TEMP TABLE payee_places AS {sql_beside(__file__, 'payee_places')}")
        rules = _rules_key(params)
        stale = _stale_files(con, rules)
        select = sql_beside(__file__, "located_transactions")
        if stale is None:
            con.execute("CREATE OR REPLACE TEMP VIEW ledger_transactions_to_locate AS FROM ledger_transactions")
            create_table(con, "located_transactions", select, params)
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE ledger_transactions_to_locate AS"
                " FROM ledger_transactions WHERE list_contains($stale, source_file)",
                {"stale": stale},
            )
            con.execute(
                "DELETE FROM located_transactions WHERE list_contains($stale, source_file)", {"stale": stale}
            ).fetchall()
            con.execute(f"INSERT INTO located_transactions BY NAME {select}", params).fetchall()
        _remember_what_was_located(con, rules)
        located = con.execute("SELECT count(*) FROM ledger_transactions_to_locate").fetchall()[0][0]
        rows = con.execute("SELECT count(*) FROM located_transactions").fetchall()[0][0]
        by_link = _counts(con, "located_transactions", "link_method")
    context.log.info(f"payments by link method {by_link}; {located} of {rows} located this run")
    return MaterializeResult(
        metadata={"rows": rows, "rows located this run": located, **{f"linked by {k}": v for k, v in by_link.items()}}
    )


def _rules_key(params: dict) -> str:
    """What located rows depend on besides the ledger rows and payee_places: the SQL, macros, code and settings."""
    texts = [sql_beside(__file__, name) for name in ("located_transactions", "payee_places")]
    texts += [Path(path).read_text(encoding="utf-8") for path in (__file__, MACROS)]
    return hashlib.sha256("\0".join([*texts, json.dumps(params, sort_keys=True)]).encode()).hexdigest()[:16]


def _stale_files(con, rules: str) -> list[str] | None:
    """The ledger files whose located rows must be made again: those judged since they were located (or gone, or
    new). None when every row must be: nothing was located yet, the rules changed, or some payee located before
    is now linked or placed otherwise (a payee new to payee_places can only be in files judged since)."""
    files, payees = state_table(con, "located_files"), state_table(con, "located_payees")
    tables = {r[0] for r in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
    if not {"main.located_transactions", files, payees} <= tables:
        return None
    if con.execute(f"SELECT DISTINCT rules_key FROM {files}").fetchall() != [(rules,)]:
        return None
    moved = con.execute(
        f"SELECT count(*) FROM (FROM {payees} EXCEPT FROM payee_places) AS before SEMI JOIN payee_places AS now"
        " ON now.supplier_id IS NOT DISTINCT FROM before.supplier_id AND now.name_key IS NOT DISTINCT FROM"
        " before.name_key AND now.company_number_key IS NOT DISTINCT FROM before.company_number_key"
        " AND now.redacted = before.redacted"
    ).fetchall()[0][0]
    if moved:
        return None
    stale = [
        source_file
        for (source_file,) in con.execute(
            f"SELECT DISTINCT source_file FROM ((SELECT source_file, judged_at FROM ledger_files EXCEPT"
            f" SELECT source_file, judged_at FROM {files}) UNION ALL (SELECT source_file, judged_at FROM {files}"
            " EXCEPT SELECT source_file, judged_at FROM ledger_files))"
        ).fetchall()
    ]
    unchanged = con.execute(
        "SELECT count(*) FROM ledger_files WHERE NOT list_contains($stale, source_file)", {"stale": stale}
    ).fetchall()[0][0]
    return stale if unchanged else None  # every file changed: all are located again, from scratch


def _remember_what_was_located(con, rules: str) -> None:
    """The ledger files as located, and every payee's link and place."""
    con.execute(
        f"CREATE OR REPLACE TABLE {state_table(con, 'located_files')} AS"
        " SELECT source_file, judged_at, $rules AS rules_key FROM ledger_files",
        {"rules": rules},
    )
    con.execute(f"CREATE OR REPLACE TABLE {state_table(con, 'located_payees')} AS FROM payee_places")


@asset_check(
    asset="located_transactions",
    additional_deps=["ledger_transactions"],
    blocking=True,
    description="Linking fans out to nothing and drops nothing: one located row per loaded ledger row, same money.",
)
def one_row_per_ledger_row(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connection() as con:
        ledger_rows, ledger_amount, located_rows, located_amount = con.execute(
            "SELECT (SELECT count(*) FROM ledger_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_transactions),"
            " (SELECT count(*) FROM located_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM located_transactions)"
        ).fetchall()[0]
    passed = (ledger_rows, ledger_amount) == (located_rows, located_amount)
    return AssetCheckResult(
        passed=passed,
        description=None
        if passed
        else f"ledger_transactions has {ledger_rows} rows (£{ledger_amount}), "
        f"located_transactions {located_rows} (£{located_amount})",
    )
