"""LAD boundaries in the formats councils receive them, read into EPSG:27700."""

import geopandas as gpd
import pandas as pd
import pytest
from dagster import Failure
from shapely.geometry import box

from assets.staging.lad_boundaries import read_boundaries
from core.geometry import place_points
from tests.helpers import shared_path


def districts(crs: str) -> gpd.GeoDataFrame:
    """Two boxes in British National Grid, written in `crs`."""
    frame = gpd.GeoDataFrame(
        {"LAD23CD": ["E08000018", "E08000039"], "LAD23NM": ["Rotherham", "Sheffield"]},
        geometry=[box(440000, 390000, 450000, 400000), box(430000, 380000, 440000, 390000)],
        crs="EPSG:27700",
    )
    return frame.to_crs(crs)


def as_table(frame: gpd.GeoDataFrame, source: str, priority: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"lad_code": frame["lad_code"], "source": source, "priority": priority, "geometry": frame.geometry.to_wkb()}
    )


@pytest.mark.parametrize(
    "name, driver, crs",
    [("lads.gpkg", "GPKG", "EPSG:27700"), ("lads.shp", "ESRI Shapefile", "EPSG:27700"),
     ("lads.geojson", "GeoJSON", "EPSG:4326")],
)  # fmt: skip
def test_geopackage_shapefile_and_geojson_place_points_alike(tmp_path, name, driver, crs):
    districts(crs).to_file(tmp_path / name, driver=driver)
    read = read_boundaries(tmp_path / name)
    assert read.crs == "EPSG:27700"
    assert list(zip(read["lad_code"], read["lad_name"], strict=True)) == [
        ("E08000018", "Rotherham"),
        ("E08000039", "Sheffield"),
    ]
    points = pd.DataFrame(
        {
            "point_id": ["rotherham", "sheffield", "sea", "by latitude"],
            "easting": [445000.0, 435000.0, 100000.0, None],
            "northing": [395000.0, 385000.0, 100000.0, None],
            "latitude": [None, None, None, 53.3780],  # inside the Sheffield box
            "longitude": [None, None, None, -1.4700],
        }
    )
    placed = place_points(as_table(read, name, 0), points)
    assert placed.values.tolist() == [
        ["by latitude", "E08000039", name],
        ["rotherham", "E08000018", name],
        ["sheffield", "E08000039", name],
    ]


def test_the_first_listed_file_wins_where_files_overlap(tmp_path):
    newer = districts("EPSG:27700").assign(LAD23CD=["E08000018", "E08000038"])
    both = pd.concat(
        [as_table(read_boundaries_frame(newer, tmp_path / "a.gpkg"), "new", 0),
         as_table(read_boundaries_frame(districts("EPSG:27700"), tmp_path / "b.gpkg"), "old", 1)]
    )  # fmt: skip
    points = pd.DataFrame({"point_id": ["p"], "easting": [435000.0], "northing": [385000.0],
                           "latitude": [None], "longitude": [None]})  # fmt: skip
    assert place_points(both, points).values.tolist() == [["p", "E08000038", "new"]]


def read_boundaries_frame(frame: gpd.GeoDataFrame, path) -> gpd.GeoDataFrame:
    frame.to_file(path, driver="GPKG")
    return read_boundaries(path)


def test_a_file_without_lad_codes_is_a_clear_error(tmp_path):
    districts("EPSG:27700").rename(columns={"LAD23CD": "area"}).to_file(tmp_path / "x.gpkg", driver="GPKG")
    with pytest.raises(Failure, match=r"x.gpkg: no column of LAD codes .* it has area, LAD23NM"):
        read_boundaries(tmp_path / "x.gpkg")


def test_the_real_topojson_places_real_points():
    read = read_boundaries(shared_path("reference/boundaries/lad_2013_gb.topojson"))
    assert len(read) == 380 and read.crs == "EPSG:27700"  # TopoJSON carries no CRS: longitude/latitude
    points = pd.DataFrame(
        {"point_id": ["S60 1AA", "S1 1AA"], "easting": [442732.0, 435732.0], "northing": [392677.0, 387312.0],
         "latitude": [None, None], "longitude": [None, None]}
    )  # fmt: skip
    placed = place_points(as_table(read, "lad_2013_gb.topojson", 0), points)
    assert placed.values.tolist() == [
        ["S1 1AA", "E08000019", "lad_2013_gb.topojson"],
        ["S60 1AA", "E08000018", "lad_2013_gb.topojson"],
    ]


def test_districts_without_a_shape_are_left_out(tmp_path):
    frame = districts("EPSG:27700")
    frame.loc[1, "geometry"] = None
    frame.to_file(tmp_path / "x.gpkg", driver="GPKG")
    assert read_boundaries(tmp_path / "x.gpkg")["lad_code"].tolist() == ["E08000018"]
