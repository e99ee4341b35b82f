"""Intermediate: every party (a supplier, or a company linked from the ledger) placed in a LAD and a ring."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.intermediate.supplier_types import type_patterns
from core.config import SpendAnalysis
from core.geometry import place_points
from core.places import analysis_places
from core.sql import counts_by, create_table, fill_placeholders, sql_beside
from core.warehouse import Warehouse


@asset(
    group_name="location",
    deps=[
        "suppliers",
        "quotations",
        "subcontracts",
        "supplier_matches",
        "companies",
        "postcode_directory",
        "lad_names",
        "lad_boundaries",
    ],
)
def supplier_locations(
    context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse
) -> MaterializeResult:
    """One row per party: its place under "based or branched" (LAD, ring, method, what decided it) and the
    registered-office view beside it, with the evidence of its type."""
    config = analysis.load()
    home, region = analysis_places(config)
    for note in home.notes + region.notes:
        context.log.warning(note)
    with warehouse.connection() as con:
        for name in ("location_parties", "location_points"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql_beside(__file__, 'steps/' + name)}")
        points = con.execute("SELECT * FROM location_points").df()
        boundaries = con.execute("SELECT lad_code, source, priority, geometry FROM lad_boundaries").df()
        con.register("point_lads", place_points(boundaries, points))
        params = {
            "home_lad_codes": list(home.codes),
            "region_lad_codes": list(region.codes),
            "has_boundaries": not boundaries.empty,
        }
        select = fill_placeholders(
            sql_beside(__file__, "supplier_locations"), type_patterns(config.supplier_type_patterns_path)
        )
        rows = create_table(con, "supplier_locations", select, params)
        by_ring, by_method = (
            counts_by(con, "supplier_locations", "ring"),
            counts_by(con, "supplier_locations", "method"),
        )
    context.log.info(f"parties by ring {by_ring}; by method {by_method}; {len(points)} points to place")
    return MaterializeResult(
        metadata={
            "rows": rows,
            "home LAD codes": ", ".join(home.codes),
            "region LAD codes": ", ".join(region.codes),
            **{f"ring {k}": v for k, v in by_ring.items()},
        }
    )
