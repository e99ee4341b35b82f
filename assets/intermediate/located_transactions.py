"""Intermediate: every loaded payment linked to its party's place, located again only where something changed."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check

from assets.fingerprints import fingerprint, keep_fingerprint, kept_fingerprint
from assets.intermediate.supplier_types import type_patterns
from assets.staging.ledger import LEDGER_FILE_STATE
from core.config import ExclusionRule, SpendAnalysis
from core.sql import (
    counts_by,
    create_table,
    fill_placeholders,
    first_that_holds,
    matches,
    sql_beside,
    sql_literal,
    state_table,
)
from core.warehouse import Warehouse


@asset(group_name="location", deps=["ledger_transactions", "supplier_matches", "supplier_locations"])
def located_transactions(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """One row per loaded payment with its linked party, how it was linked, its LAD and ring both ways. After a
    change, only the payments of ledger files whose rows changed are located again, unless a payee's link or place
    changed, or the rules: then all are."""
    config = analysis.load()
    params = {"redaction_markers": [m.lower() for m in config.redaction_markers]}
    written = {
        **type_patterns(config.supplier_type_patterns_path),
        "{influenceable_exclusion}": exclusion_sql(config.influenceable.exclude),
    }
    select = fill_placeholders(sql_beside(__file__, "located_transactions"), written)
    with warehouse.connection() as con:
        con.execute(f"CREATE OR REPLACE TEMP TABLE payee_places AS {sql_beside(__file__, 'steps/payee_places')}")
        rules = fingerprint("located_transactions", params, written)
        stale = _stale_files(con, rules)
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
        by_link = counts_by(con, "located_transactions", "link_method")
    context.log.info(f"payments by link method {by_link}; {located} of {rows} located this run")
    return MaterializeResult(
        metadata={"rows": rows, "rows located this run": located, **{f"linked by {k}": v for k, v in by_link.items()}}
    )


def exclusion_sql(rules: list[ExclusionRule]) -> str:
    """The SQL expression naming the first rule a located payment matches (NULL for none): every field a rule gives
    must match, a pattern anywhere in the ledger's value as written (DuckDB's regexp_matches, RE2 syntax)."""
    cases = []
    for rule in rules:
        tests = [matches(field, pattern) for field, pattern in rule.patterns.items()]
        tests += [f"supplier_type = {sql_literal(rule.supplier_type)}"] if rule.supplier_type else []
        cases.append((" AND ".join(tests), sql_literal(rule.name)))
    return first_that_holds(cases)


def _stale_files(con, rules: str) -> list[str] | None:
    """The ledger files whose located rows must be made again: those judged since they were located (or gone, or
    new). None when every row must be: nothing was located yet, the rules changed, or some payee located before
    is now linked or placed otherwise (a payee new to payee_places can only be in files judged since)."""
    files, payees = state_table(con, "located_files"), state_table(con, "located_payees")
    tables = {r[0] for r in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
    if not {files, payees} <= tables or kept_fingerprint(con, "located_transactions", "located_transactions") != rules:
        return None
    moved = con.execute(
        f"SELECT count(*) FROM (FROM {payees} EXCEPT FROM payee_places) AS before SEMI JOIN payee_places AS now"
        " ON now.supplier_id IS NOT DISTINCT FROM before.supplier_id AND now.name_key IS NOT DISTINCT FROM"
        " before.name_key AND now.company_number_key IS NOT DISTINCT FROM before.company_number_key"
        " AND now.redacted = before.redacted"
    ).fetchall()[0][0]
    if moved:
        return None
    judged = state_table(con, LEDGER_FILE_STATE)
    stale = [
        source_file
        for (source_file,) in con.execute(
            f"SELECT DISTINCT source_file FROM ((SELECT source_file, judged_at FROM {judged} EXCEPT"
            f" SELECT source_file, judged_at FROM {files}) UNION ALL (SELECT source_file, judged_at FROM {files}"
            f" EXCEPT SELECT source_file, judged_at FROM {judged}))"
        ).fetchall()
    ]
    unchanged = con.execute(
        "SELECT count(*) FROM ledger_files WHERE NOT list_contains($stale, source_file)", {"stale": stale}
    ).fetchall()[0][0]
    return stale if unchanged else None  # every file changed: all are located again, from scratch


def _remember_what_was_located(con, rules: str) -> None:
    """The ledger files as located (when each was last judged), every payee's link and place, and the rules."""
    con.execute(
        f"CREATE OR REPLACE TABLE {state_table(con, 'located_files')} AS"
        f" SELECT source_file, judged_at FROM {state_table(con, LEDGER_FILE_STATE)}"
    )
    con.execute(f"CREATE OR REPLACE TABLE {state_table(con, 'located_payees')} AS FROM payee_places")
    keep_fingerprint(con, "located_transactions", rules)


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
