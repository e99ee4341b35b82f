"""Points and districts: placing a point (a grid reference or longitude/latitude) in the LAD whose boundary holds it.

geopandas does the geometry (DuckDB's spatial extension cannot be installed everywhere); it runs only over the few
suppliers known by a point, never over ledger rows.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

BRITISH_NATIONAL_GRID = "EPSG:27700"


def grid_points(points: pd.DataFrame) -> gpd.GeoSeries:
    """Points in EPSG:27700 from easting/northing, or from latitude/longitude (WGS84) where those are absent."""
    on_grid = points["easting"].notna() & points["northing"].notna()
    grid = gpd.GeoSeries(
        gpd.points_from_xy(points["easting"].astype(float), points["northing"].astype(float)),
        index=points.index, crs=BRITISH_NATIONAL_GRID,
    )  # fmt: skip
    lonlat = gpd.GeoSeries(
        gpd.points_from_xy(points["longitude"].astype(float), points["latitude"].astype(float)),
        index=points.index, crs="EPSG:4326",
    ).to_crs(BRITISH_NATIONAL_GRID)  # fmt: skip
    return grid.where(on_grid, lonlat)


def place_points(boundaries: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """point_id -> the LAD whose polygon holds the point, from the first listed boundary file that has one.

    `boundaries` is the lad_boundaries table; `points` has point_id and easting, northing (EPSG:27700) or
    latitude, longitude (WGS84)."""
    columns = ("point_id", "lad_code", "boundary_source")
    if boundaries.empty or points.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    polygons = gpd.GeoSeries.from_wkb(boundaries["geometry"].map(bytes), crs=BRITISH_NATIONAL_GRID)
    located = grid_points(points.reset_index(drop=True)).to_numpy()
    # Published boundaries are often invalid (TopoJSON's shared arcs, self-touching rings): only the polygons
    # whose box holds a point are repaired, which is a handful instead of every district.
    point_index, polygon_index = polygons.sindex.query(located, predicate=None)
    candidates = np.unique(polygon_index)
    repaired = dict(zip(candidates, shapely.make_valid(polygons.to_numpy()[candidates]), strict=True))
    inside = shapely.intersects([repaired[i] for i in polygon_index], located[point_index])
    hits = pd.DataFrame(
        {
            "point_id": points["point_id"].to_numpy()[point_index[inside]],
            "lad_code": boundaries["lad_code"].to_numpy()[polygon_index[inside]],
            "boundary_source": boundaries["source"].to_numpy()[polygon_index[inside]],
            "priority": boundaries["priority"].to_numpy()[polygon_index[inside]],
        }
    )
    first = hits.sort_values(["point_id", "priority"], kind="stable").drop_duplicates("point_id")
    return first[list(columns)].astype("string").reset_index(drop=True)
