"""Intermediate: every party placed in a ring, and every payment linked to its party's place."""

from dagster import AssetCheckResult, AssetExecutionContext, MaterializeResult, asset, asset_check
from dagster_duckdb import DuckDBResource

from assets.sql import publish, sql_beside, warehouse
from assets.staging.lad_boundaries import place_points
from pipelines.places import expand_place, read_code_changes
from pipelines.resources import SpendAnalysis


def _counts(con, table: str, column: str) -> dict[str, int]:
    return dict(con.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall())


@asset(
    group_name="intermediate",
    deps=["suppliers", "supplier_matches", "companies", "postcode_directory", "lad_names", "lad_boundaries"],
)
def supplier_locations(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per party: its place under "based or branched" (LAD, ring, method, what decided it) and the
    registered-office view beside it."""
    config = analysis.load()
    changes = read_code_changes(config.lad_code_changes_path)
    home, region = expand_place(config.home_lad_codes, changes), expand_place(config.region_lad_codes, changes)
    for note in home.notes + region.notes:
        context.log.warning(note)
    with warehouse(duckdb) as con:
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
        counts = publish(con, [("supplier_locations", sql_beside(__file__, "supplier_locations"), params)])
        by_tier, by_method = (
            _counts(con, "supplier_locations", "tier"),
            _counts(con, "supplier_locations", "method"),
        )
    context.log.info(f"parties by tier {by_tier}; by method {by_method}; {len(points)} points to place")
    return MaterializeResult(
        metadata={
            "rows": counts["supplier_locations"],
            "home LAD codes": ", ".join(home.codes),
            "region LAD codes": ", ".join(region.codes),
            **{f"tier {k}": v for k, v in by_tier.items()},
        }
    )


@asset(group_name="intermediate", deps=["ledger_transactions", "supplier_matches", "supplier_locations"])
def located_transactions(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per loaded payment with its linked party, how it was linked, its LAD and ring both ways."""
    config = analysis.load()
    params = {"redaction_markers": [m.lower() for m in config.redaction_markers]}
    with warehouse(duckdb) as con:
        counts = publish(con, [("located_transactions", sql_beside(__file__, "located_transactions"), params)])
        by_link = _counts(con, "located_transactions", "link_method")
    context.log.info(f"payments by link method {by_link}")
    return MaterializeResult(
        metadata={"rows": counts["located_transactions"], **{f"linked by {k}": v for k, v in by_link.items()}}
    )


@asset_check(
    asset="located_transactions",
    additional_deps=["ledger_transactions"],
    blocking=True,
    description="Linking fans out to nothing and drops nothing: one located row per loaded ledger row, same money.",
)
def one_row_per_ledger_row(duckdb: DuckDBResource) -> AssetCheckResult:
    with warehouse(duckdb) as con:
        ledger_rows, ledger_amount, located_rows, located_amount = con.execute(
            "SELECT (SELECT count(*) FROM ledger_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_transactions),"
            " (SELECT count(*) FROM located_transactions),"
            " (SELECT coalesce(sum(amount), 0) FROM located_transactions)"
        ).fetchone()
    passed = (ledger_rows, ledger_amount) == (located_rows, located_amount)
    return AssetCheckResult(
        passed=passed,
        description=None
        if passed
        else f"ledger_transactions has {ledger_rows} rows (£{ledger_amount}), "
        f"located_transactions {located_rows} (£{located_amount})",
    )
