"""Staging: LAD boundaries, for placing suppliers known only by a point.

Read with geopandas (GeoJSON, TopoJSON, GeoPackage, shapefile, or anything else GDAL reads), reprojected to
British National Grid (EPSG:27700, the eastings/northings of the postcode directories) and kept in DuckDB as WKB,
one row per district per file. DuckDB's spatial extension is not used: the point-in-polygon test runs in
geopandas over the few suppliers that need it.
"""

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
from dagster import AssetExecutionContext, Failure, MaterializeResult, asset

from core.config import LAD_CODE, SpendAnalysis
from core.geometry import BRITISH_NATIONAL_GRID
from core.sql import create_table, sql_beside
from core.warehouse import Warehouse

_CODE_COLUMN = re.compile(r"^(lad\d{2}cd|lad_?code|code|id)$", re.IGNORECASE)
_NAME_COLUMN = re.compile(r"^(lad\d{2}nm|lad_?name|name)$", re.IGNORECASE)


def _first_column(frame: pd.DataFrame, pattern: re.Pattern[str], holds_codes: bool) -> str | None:
    for column in sorted((c for c in frame.columns if pattern.match(c)), key=lambda c: not c.lower().startswith("lad")):
        values = frame[column].dropna().astype(str)
        if not holds_codes or (len(values) and values.map(lambda v: bool(LAD_CODE.match(v))).all()):
            return column
    return None


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """One file's districts: lad_code, lad_name and geometry in EPSG:27700."""
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises its own DataSourceError, and others for unreadable files
        raise Failure(f"{path}: cannot read LAD boundaries: {exc}") from exc
    code = _first_column(frame, _CODE_COLUMN, holds_codes=True)
    if code is None:
        raise Failure(
            f"{path}: no column of LAD codes (a column named like LAD23CD, lad_code, code or id, every value a "
            f"GSS code); it has {', '.join(c for c in frame.columns if c != 'geometry')}"
        )
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]  # a row without a shape places nothing
    if frame.empty:
        raise Failure(f"{path}: no district has a geometry")
    name = _first_column(frame, _NAME_COLUMN, holds_codes=False)
    if frame.crs is None:  # TopoJSON and some GeoJSON carry none: longitude/latitude if they fit, else the grid
        minx, miny, maxx, maxy = frame.total_bounds
        lonlat = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        frame = frame.set_crs("EPSG:4326" if lonlat else BRITISH_NATIONAL_GRID)
    frame = frame.to_crs(BRITISH_NATIONAL_GRID)
    return gpd.GeoDataFrame(
        {
            "lad_code": frame[code].astype(str),
            "lad_name": frame[name].astype("string") if name else pd.Series(pd.NA, index=frame.index, dtype="string"),
        },
        geometry=frame.geometry,
        crs=BRITISH_NATIONAL_GRID,
    )


@asset(group_name="reference")
def lad_boundaries(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse) -> MaterializeResult:
    """One row per district per boundary file (geometry as WKB in EPSG:27700); empty when none is configured."""
    config = analysis.load()
    frames = []
    for priority, path in enumerate(config.boundary_paths):
        districts = read_boundaries(path)
        frames.append(
            pd.DataFrame(
                {
                    "lad_code": districts["lad_code"],
                    "lad_name": districts["lad_name"],
                    "source": path.name,
                    "priority": priority,
                    "geometry": districts.geometry.to_wkb(),
                }
            )
        )
        context.log.info(f"{path.name}: {len(districts)} districts")
    boundaries = (
        pd.concat(frames)
        if frames
        else pd.DataFrame({"lad_code": [], "lad_name": [], "source": [], "priority": [], "geometry": []}).astype(
            {"lad_code": "string", "lad_name": "string", "source": "string", "priority": "int64", "geometry": object}
        )
    )
    with warehouse.connection() as con:
        con.register("boundary_rows", boundaries)
        rows = create_table(con, "lad_boundaries", sql_beside(__file__, "lad_boundaries"))
    return MaterializeResult(metadata={"rows": rows, "files": len(frames)})
