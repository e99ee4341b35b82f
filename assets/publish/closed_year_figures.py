"""Publish: a closed year's figures never change without a word.

A financial year closes on the analysis's `years_close_on` day after its 31 March (30 June by default). The first
run as of a day after that (core/as_of.py) freezes the year: every figure of every mart row of that year (each
mart with a fiscal_year; its rows keyed by the first set of columns its expectation suite declares unique) goes
into closed_year_figures, with the run, the time and a fingerprint of the inputs behind the year, whose detail
(ledger files, suppliers, settings, reference files) goes into closed_year_inputs.

Every later run compares the year's figures as it computed them with the frozen ones. Each figure that would move
(a late invoice, a corrected postcode, a new directory, a changed rule or target) is listed in closed_year_changes
with by how much and why (the inputs that differ), and the blocking check closed_years_unchanged stops the run:
nothing is published, and the changes are written beside the warehouse for `spend restate`. The analyst accepts a
year's changes with `spend restate --year Y --reason ...`, which records each one in `restatements`; the next run
whose changes for that year are exactly those accepted publishes them, the frozen figures become the new ones and
the restatements name the run. A restatement accepts a year's changes as a whole: if any change of the year was not
accepted (the inputs moved again since), none is published.

A column a new version of the tool adds to a frozen mart, or a new mart, is frozen as it first appears, not
reported as a change; a figure no longer computed is no longer compared.
"""

import getpass
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    MaterializeResult,
    asset_check,
    multi_asset,
)

from assets.expectation_suites import read_suite
from assets.publish.published_runs import PUBLISH_GROUP
from assets.staging.portal_returns import portal_state, shown_url
from core.as_of import run_as_of
from core.config import AnalysisConfig, SpendAnalysis
from core.sql import columns_of, create_table, sql_beside, sql_literal
from core.warehouse import Warehouse, open_published, open_warehouse

#: How many moves and reasons a check's description lists per year (closed_year_changes holds them all).
LISTED = 12
_FLOATS = ("DOUBLE", "FLOAT", "REAL")
#: No closed year (or a run of a stage alone, before any mart exists): no figures and no inputs to freeze.
_NO_FIGURES = (
    "SELECT NULL::VARCHAR AS table_name, NULL::VARCHAR AS fiscal_year, NULL::VARCHAR AS row_key,"
    " NULL::VARCHAR AS figure, NULL::VARCHAR AS value WHERE false"
)
_NO_INPUTS = (
    "SELECT NULL::VARCHAR AS fiscal_year, NULL::VARCHAR AS input, NULL::VARCHAR AS name, NULL::VARCHAR AS state"
    " WHERE false"
)


def awaiting_path(warehouse_path: Path) -> Path:
    """Where a blocked run leaves the changes awaiting a restatement, beside the warehouse, for `spend restate`."""
    return warehouse_path.with_name(warehouse_path.name + ".closed_year_changes.parquet")


def row_key_columns(table: str) -> list[str]:
    """The columns other than fiscal_year that key a mart's rows: the first set its suite declares unique."""
    for expectation in read_suite(table)["expectations"]:
        if expectation["type"] == "expect_compound_columns_to_be_unique":
            return [c for c in expectation["kwargs"]["column_list"] if c != "fiscal_year"]
    raise KeyError(f"expectations/{table}.json declares no unique key, which closed_year_figures keys its rows by")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _figures_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Every figure of `table`'s rows of the closed years, one row each: (table_name, fiscal_year, row_key, figure,
    value), the value as text (a DOUBLE to ten places: what a rerun of the same sums gives again)."""
    keys = row_key_columns(table)
    types = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?"
        " ORDER BY column_index",
        [table],
    ).fetchall()
    figures = [(name, kind) for name, kind in types if name != "fiscal_year" and name not in keys]
    parts = [f"'{k}=' || coalesce(CAST({_quoted(k)} AS VARCHAR), '(none)')" for k in keys]
    row_key = f"concat_ws(', ', {', '.join(parts)})" if parts else "''"
    values = ", ".join(
        f"CAST({f'round({_quoted(name)}, 10)' if kind in _FLOATS else _quoted(name)} AS VARCHAR) AS {_quoted(name)}"
        for name, kind in figures
    )
    names = ", ".join(_quoted(name) for name, _ in figures)
    return (
        f"SELECT '{table}' AS table_name, fiscal_year, row_key, figure, value FROM"
        f" (SELECT fiscal_year, {row_key} AS row_key, {values} FROM {table} SEMI JOIN closed_years USING (fiscal_year))"
        f" UNPIVOT INCLUDE NULLS (value FOR figure IN ({names}))"
    )


def _analysis_inputs(config: AnalysisConfig) -> list[tuple[str, str, str]]:
    """(input, name, state) of the analysis's settings and reference files: a fingerprint of the settings, each
    file's size and modification time (a folder's: its files' total and latest), the portal's returns."""
    settings = config.model_dump(mode="json", exclude={"warehouse", "duckdb_memory_limit", "landing", "ledger"})
    fingerprint = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
    found = [("analysis", "settings", fingerprint)]
    files = [
        ("supplier file", config.suppliers_path),
        ("LAD code changes", config.lad_code_changes_path),
        ("supplier type patterns", config.supplier_type_patterns_path),
    ]
    files += [("postcode directory", p) for p in config.postcode_directory_paths]
    files += [("boundaries", p) for p in config.boundary_paths]
    files += [("Companies House", p) for p in config.companies_house_paths]
    files += [("match decisions", config.match_decisions_path)] if config.match_decisions_path else []
    files += [("Living Wage employers", config.living_wage_path)] if config.living_wage_path else []
    files += [("quotations", config.quotations_path)] if config.quotations_path else []
    files += [
        (f"social value {key}", config.social_value_path(key))
        for key in ("framework", "contracts", "commitments")
        if config.social_value_path(key)
    ]
    files += [("social value returns", p) for p in config.return_paths]
    files += [
        (f"supply chain {key}", config.supply_chain_path(key))
        for key in ("surveys", "subcontracts")
        if config.supply_chain_path(key)
    ]
    for input_kind, path in files:
        parts = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path] if path.exists() else []
        state = (
            f"{sum(p.stat().st_size for p in parts):,} bytes, modified "
            f"{datetime.fromtimestamp(max(p.stat().st_mtime for p in parts), UTC):%Y-%m-%d %H:%M:%S} UTC"
            if parts
            else "absent"
        )
        found.append((input_kind, str(path.name), state))
    portal = config.social_value.portal if config.social_value else None
    if portal:
        found.append(("social value portal", shown_url(portal), portal_state(portal, config.config_dir)))
    return found


def _apply_restatements(con: duckdb.DuckDBPyConnection, params: dict) -> list[str]:
    """Publish the changes of each year whose every change a restatement accepts: the frozen figures and the inputs
    behind them become this run's, and the restatements name the run. Returns the years restated."""
    years = [y for (y,) in con.execute("SELECT DISTINCT fiscal_year FROM figure_changes WHERE accepted").fetchall()]
    if not years:
        return []
    same = (
        "f.fiscal_year = c.fiscal_year AND f.table_name = c.table_name AND f.row_key = c.row_key"
        " AND f.figure = c.figure AND c.accepted"
    )
    con.execute(f"DELETE FROM closed_year_figures AS f USING figure_changes AS c WHERE {same} AND c.gone_row")
    con.execute(
        "UPDATE closed_year_figures AS f SET value = c.after_value, restatement_id = c.restatement_id,"
        f" frozen_by_run = $run_id, frozen_at = $now FROM figure_changes AS c WHERE {same} AND NOT c.new_row",
        params,
    )
    con.execute(
        "INSERT INTO closed_year_figures SELECT fiscal_year, table_name, row_key, figure, after_value, $run_id, $now,"
        " y.fingerprint, restatement_id FROM figure_changes JOIN year_fingerprints AS y USING (fiscal_year)"
        " WHERE accepted AND new_row",
        params,
    )
    con.execute(
        "UPDATE closed_year_figures AS f SET inputs_fingerprint = y.fingerprint FROM year_fingerprints AS y"
        " WHERE f.fiscal_year = y.fiscal_year AND list_contains($years, f.fiscal_year)",
        {"years": years},
    )
    con.execute("DELETE FROM closed_year_inputs WHERE list_contains($years, fiscal_year)", {"years": years})
    con.execute("INSERT INTO closed_year_inputs SELECT * FROM year_inputs WHERE list_contains($years, fiscal_year)",
                {"years": years})  # fmt: skip
    con.execute(
        "UPDATE restatements SET published_by_run = $run_id, published_at = $now"
        " WHERE restatement_id IN (SELECT restatement_id FROM figure_changes WHERE accepted)",
        params,
    )
    return years


def _freeze_new(con: duckdb.DuckDBPyConnection, params: dict) -> list[str]:
    """Freeze what no run froze yet: the figures of a year that has just closed, and of a mart or column that did
    not exist when its year was frozen. Returns the years frozen for the first time."""
    years = [
        y
        for (y,) in con.execute(
            "SELECT fiscal_year FROM closed_years ANTI JOIN (SELECT DISTINCT fiscal_year FROM closed_year_figures)"
            " USING (fiscal_year) ORDER BY 1"
        ).fetchall()
    ]
    con.execute(
        "INSERT INTO closed_year_figures SELECT c.fiscal_year, c.table_name, c.row_key, c.figure, c.value, $run_id,"
        " $now, y.fingerprint, NULL FROM current_figures AS c JOIN year_fingerprints AS y USING (fiscal_year)"
        " ANTI JOIN (SELECT DISTINCT fiscal_year, table_name, figure FROM closed_year_figures)"
        " USING (fiscal_year, table_name, figure)",
        params,
    )
    con.execute(
        "INSERT INTO closed_year_inputs SELECT * FROM year_inputs"
        " ANTI JOIN (SELECT DISTINCT fiscal_year FROM closed_year_inputs) USING (fiscal_year)"
    )
    return years


def closed_year_figures_asset(upstream: Sequence[AssetKey]) -> AssetsDefinition:
    """The step that freezes closed years, downstream of every mart in `upstream` (those with a fiscal_year are
    frozen)."""
    marts = [key.to_user_string() for key in upstream]

    @multi_asset(
        specs=[
            AssetSpec(
                "closed_year_figures",
                group_name=PUBLISH_GROUP,
                deps=list(upstream),
                description="Every figure of every closed year as frozen or last restated, with the run, the time "
                "and a fingerprint of the inputs behind it (their detail in closed_year_inputs).",
            ),
            AssetSpec(
                "closed_year_changes",
                group_name=PUBLISH_GROUP,
                deps=["closed_year_figures"],
                description="This run's changes to the figures of closed years: each figure, before, after, by how "
                "much, why, and whether it was restated or awaits a restatement.",
            ),
        ],
    )
    def closed_year_figures(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
        """Freeze the years that have closed, publish the restatements accepted, and list every other change to a
        closed year's figures for the blocking check."""
        config = analysis.load()
        as_of = run_as_of(context)
        params = {"run_id": context.run_id, "now": datetime.now(UTC)}
        with warehouse.connection() as con:
            con.execute(sql_beside(__file__, "closed_year_figures"))
            # The years closed as of the run among those frozen before (compared even when their payments all leave)
            # and the ledger's; none in a run of a stage alone (the benchmark's) before the marts exist.
            built = all(columns_of(con, t) for t in [*marts, "ledger_transactions", "located_transactions"])
            union = "SELECT fiscal_year FROM closed_year_figures UNION SELECT fiscal_year FROM ledger_transactions"
            known = con.execute(union).fetchall() if built else []
            years = sorted(y for (y,) in known if config.is_closed(y, as_of))
            con.execute("CREATE TEMP TABLE closed_years AS SELECT unnest(CAST($years AS VARCHAR[])) AS fiscal_year",
                        {"years": years})  # fmt: skip
            tables = [t for t in marts if "fiscal_year" in columns_of(con, t)]
            con.execute(f"CREATE TEMP TABLE current_figures AS {_NO_FIGURES}")
            for table in tables:
                con.execute(f"INSERT INTO current_figures {_figures_sql(con, table)}")
            con.execute("CREATE TEMP TABLE analysis_inputs (input VARCHAR, name VARCHAR, state VARCHAR)")
            con.executemany("INSERT INTO analysis_inputs VALUES (?, ?, ?)", _analysis_inputs(config))
            inputs = sql_beside(__file__, "steps/year_inputs") if years else _NO_INPUTS
            con.execute(f"CREATE TEMP TABLE year_inputs AS {inputs}")
            con.execute(
                "CREATE TEMP TABLE year_fingerprints AS SELECT fiscal_year, left(md5(string_agg(concat_ws('|', input,"
                " name, state), chr(10) ORDER BY input, name)), 16) AS fingerprint FROM year_inputs GROUP BY ALL"
            )
            con.execute(f"CREATE TEMP TABLE figure_changes AS {sql_beside(__file__, 'steps/figure_changes')}")
            con.execute(f"CREATE TEMP TABLE input_changes AS {sql_beside(__file__, 'steps/input_changes')}")
            changes = create_table(
                con,
                "closed_year_changes",
                sql_beside(__file__, "closed_year_changes"),
                {"listed": LISTED, "baseline_year": config.baseline_year},
            )
            restated = _apply_restatements(con, params)
            frozen = _freeze_new(con, params)
            awaiting = dict(
                con.execute(
                    "SELECT fiscal_year, count(*) FROM closed_year_changes WHERE status = 'awaiting restatement'"
                    " GROUP BY ALL ORDER BY ALL"
                ).fetchall()
            )
        context.log.info(
            f"as of {as_of}: closed years {', '.join(years) or 'none'}; frozen now {', '.join(frozen) or 'none'};"
            f" restated {', '.join(restated) or 'none'}; awaiting a restatement {awaiting or 'none'}"
        )
        yield MaterializeResult(
            asset_key="closed_year_figures",
            metadata={
                "as of": str(as_of),
                "closed years": ", ".join(years) or "none",
                "frozen this run": ", ".join(frozen) or "none",
                "restated this run": ", ".join(restated) or "none",
            },
        )
        yield MaterializeResult(
            asset_key="closed_year_changes",
            metadata={"rows": changes, "awaiting a restatement": sum(awaiting.values())},
        )

    return closed_year_figures


@asset_check(
    asset="closed_year_changes",
    blocking=True,
    description="No figure of a closed year moves unless a restatement accepted it: each move is named, with by how "
    "much and why, and written beside the warehouse for `spend restate`.",
)
def closed_years_unchanged(analysis: SpendAnalysis, warehouse: Warehouse) -> AssetCheckResult:
    config = analysis.load()
    path = awaiting_path(config.warehouse_path)
    awaiting = "FROM closed_year_changes WHERE status = 'awaiting restatement'"
    with warehouse.connection() as con:
        moves = con.execute(
            "SELECT fiscal_year, table_name, row_key, figure, before_value, after_value, change, new_row, gone_row, why"
            f" {awaiting}"
            " ORDER BY fiscal_year, table_name <> 'mart_local_spend_by_year', abs(change) DESC NULLS LAST, table_name,"
            " row_key, figure"
        ).fetchall()
        if moves:  # written now: the run's transaction will not be kept
            con.execute(f"COPY (SELECT * {awaiting}) TO {sql_literal(path.as_posix())} (FORMAT parquet)")
    if not moves:
        path.unlink(missing_ok=True)
        return AssetCheckResult(passed=True)
    by_year: dict[str, list[tuple]] = {}
    for move in moves:
        by_year.setdefault(move[0], []).append(move)
    return AssetCheckResult(
        passed=False,
        description=" | ".join(_describe_year(year, rows, analysis.config_path) for year, rows in by_year.items()),
        metadata={f"{year} figures that would move": len(rows) for year, rows in by_year.items()},
    )


def describe_move(table: str, key: str, figure: str, before: str | None, after: str | None, new_row: bool,
                  gone_row: bool) -> str:  # fmt: skip
    """One figure's move in words: `mart_x [base=all] total_spend: 4800.00 -> 6000.00`, a row that appears or goes
    said as such, an empty figure as `empty`."""
    before_text = "(no row)" if new_row else "empty" if before is None else before
    after_text = "(no row)" if gone_row else "empty" if after is None else after
    return f"{table} [{key}] {figure}: {before_text} -> {after_text}"


def _change(change: float | None) -> str:
    """A change as the check lists it: money to the penny, a share to six places."""
    if not change:
        return ""
    return f" ({change:+,.2f})" if abs(change) >= 1 else f" ({change:+.6f})"


def _describe_year(year: str, moves: list[tuple], config_path: str) -> str:
    listed = [
        describe_move(table, key, figure, before, after, new_row, gone_row) + _change(change)
        for _, table, key, figure, before, after, change, new_row, gone_row, _ in moves[:LISTED]
    ]
    more = f"; and {len(moves) - LISTED} more (table closed_year_changes)" if len(moves) > LISTED else ""
    why = moves[0][9]
    return (
        f"closed year {year}: {len(moves)} published figure(s) would move: {'; '.join(listed)}{more}. Why: {why}. "
        f"To publish them: spend restate --config {config_path} --year {year} --reason '...'"
    )


def accept_restatement(warehouse_path: Path, year: str, reason: str) -> list[str]:
    """Record that the changes to closed year `year` the last blocked run found are accepted, for `reason`: one
    row per figure in `restatements` (before, after, reason, when, by whom), replacing an earlier acceptance of the
    year no run has published. Returns each change in words (describe_move), headline figures first."""
    path = awaiting_path(warehouse_path)
    if not path.exists():
        raise ValueError(
            f"no change to a closed year awaits a restatement (no {path.name} beside the warehouse): the last run "
            "did not find any"
        )
    with open_published(warehouse_path, "published_runs") as con:
        waiting = [y for (y,) in con.execute("SELECT DISTINCT fiscal_year FROM read_parquet(?) ORDER BY 1",
                                             [str(path)]).fetchall()]  # fmt: skip
    if year not in waiting:
        raise ValueError(f"no change to {year} awaits a restatement; changes await for {', '.join(waiting)}")
    with open_warehouse(warehouse_path) as con:
        con.execute(sql_beside(__file__, "closed_year_figures"))
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM restatements WHERE fiscal_year = ? AND published_by_run IS NULL", [year])
        con.execute(
            "INSERT INTO restatements (fiscal_year, table_name, row_key, figure, before_value, after_value, reason,"
            " accepted_at, accepted_by) SELECT fiscal_year, table_name, row_key, figure, before_value, after_value,"
            " $reason, $now, $user FROM read_parquet($path) WHERE fiscal_year = $year",
            {"reason": reason, "now": datetime.now(UTC), "user": getpass.getuser(), "path": str(path), "year": year},
        )
        accepted = con.execute(
            "SELECT table_name, row_key, figure, before_value, after_value, new_row, gone_row FROM read_parquet(?)"
            " WHERE fiscal_year = ? ORDER BY table_name <> 'mart_local_spend_by_year', table_name, row_key, figure",
            [str(path), year],
        ).fetchall()
        con.execute("COMMIT")
    return [describe_move(*change) for change in accepted]
