"""Staging: postcodes to Local Authority Districts, from OS Code-Point Open as OS ships it.

Code-Point Open comes as a zip (or its unzipped folder) holding `Data/CSV/<area>.csv`: no header row, ten
columns (postcode, positional quality, eastings, northings, country, two NHS codes, county, district, ward).
DuckDB cannot read inside a zip, so the area files are extracted to a scratch folder first.
"""

import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from dagster import AssetExecutionContext, Failure, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from assets.sql import publish, sql_beside, warehouse
from pipelines.resources import SpendAnalysis

_AREA_FILE = re.compile(r"(^|/)data/csv/[^/]+\.csv$", re.IGNORECASE)


def codepoint_area_files(path: Path, scratch: Path) -> list[Path]:
    """The area CSVs of one Code-Point Open product, extracted from its zip if need be."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _AREA_FILE.search(p.as_posix()))
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = sorted(m for m in archive.namelist() if _AREA_FILE.search(m))
            archive.extractall(scratch, members=members)
        found = [scratch / m for m in members]
    else:
        raise Failure(f"{path}: a postcode directory must be a Code-Point Open zip or its unzipped folder")
    if not found:
        raise Failure(f"{path}: not Code-Point Open as OS ships it: no Data/CSV/<area>.csv files inside")
    return found


def directory_files(paths: list[Path], scratch: Path) -> pd.DataFrame:
    """Every area file of every directory, with the directory's priority (0 = listed first) and name."""
    rows = []
    for priority, path in enumerate(paths):
        target = scratch / str(priority)
        name = path.name.removesuffix(".zip")
        rows += [(str(f), priority, name) for f in codepoint_area_files(path, target)]
    return pd.DataFrame(rows, columns=["read_path", "priority", "source"])


@asset(group_name="staging")
def postcode_directory(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per postcode with its LAD code and grid reference; the first listed vintage wins."""
    config = analysis.load()
    with tempfile.TemporaryDirectory(prefix="spend-codepoint-") as scratch, warehouse(duckdb) as con:
        files = directory_files(config.postcode_directory_paths, Path(scratch))
        con.register("directory_files", files)
        counts = publish(
            con,
            [
                (
                    "postcode_directory",
                    sql_beside(__file__, "postcode_directory"),
                    {"read_paths": list(files.read_path)},
                )
            ],
        )
        by_source = con.execute(
            "SELECT source, count(*) FROM postcode_directory GROUP BY source ORDER BY source"
        ).fetchall()
    context.log.info(f"postcodes by directory: {dict(by_source)}")
    return MaterializeResult(metadata={"rows": counts["postcode_directory"], **{f"from {s}": n for s, n in by_source}})
