"""Staging: postcodes to Local Authority Districts, from OS Code-Point Open as OS ships it.

Code-Point Open comes as a zip (or its unzipped folder) holding `Data/CSV/<area>.csv`: no header row, ten
columns (postcode, positional quality, eastings, northings, country, two NHS codes, county, district, ward).
DuckDB cannot read inside a zip, so the area files are extracted to a scratch folder first.
"""

import csv
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from dagster import AssetExecutionContext, Failure, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from assets.sql import publish, sql_beside, warehouse
from pipelines.resources import SpendAnalysis

_AREA_FILE = re.compile(r"(^|/)data/csv/[^/]+\.csv$", re.IGNORECASE)
_CODEPOINT_COLUMNS = (
    "{'postcode': 'VARCHAR', 'positional_quality': 'VARCHAR', 'eastings': 'VARCHAR', 'northings': 'VARCHAR', "
    "'country_code': 'VARCHAR', 'nhs_regional_ha_code': 'VARCHAR', 'nhs_ha_code': 'VARCHAR', "
    "'admin_county_code': 'VARCHAR', 'admin_district_code': 'VARCHAR', 'admin_ward_code': 'VARCHAR'}"
)
#: ONSPD / NSPL columns by role, in order of preference; the LAD column's name changes by vintage.
_ONSPD_POSTCODE = ("pcds", "pcd2", "pcd", "pcd7", "pcd8")
_ONSPD_LAD = re.compile(r"^(oslaua|laua|lad\d{2}cd)$")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
        raise Failure(
            f"{path}: a postcode directory must be a Code-Point Open zip or its unzipped folder, "
            "or an ONSPD / NSPL CSV file"
        )
    if not found:
        raise Failure(f"{path}: not Code-Point Open as OS ships it: no Data/CSV/<area>.csv files inside")
    return found


def onspd_select(path: Path, copy: Path, priority: int) -> str:
    """The SELECT reading one ONSPD or NSPL CSV (header row; LAD column oslaua, laua or ladYYcd by vintage)."""
    shutil.copyfile(path, copy)  # a plain name: DuckDB takes some file names for globs
    with copy.open(encoding="utf-8-sig", newline="") as handle:
        header = [h.strip().lower() for h in next(csv.reader(handle))]
    postcode = next((c for c in _ONSPD_POSTCODE if c in header), None)
    lads = sorted((c for c in header if _ONSPD_LAD.match(c)), key=lambda c: (c != "oslaua", c != "laua", c))
    if postcode is None or not lads:
        raise Failure(
            f"{path}, line 1: not an ONSPD / NSPL file: it needs a postcode column ({', '.join(_ONSPD_POSTCODE)}) "
            "and a LAD column (oslaua, laua or ladYYcd)"
        )

    def column(name: str) -> str:
        return f'"{name}"' if name in header else "NULL"

    columns = ", ".join(f"{_literal(h)}: 'VARCHAR'" for h in header)
    return (
        f'SELECT "{postcode}" AS postcode, "{lads[0]}" AS lad_code, {column("oseast1m")} AS easting, '
        f"{column('osnrth1m')} AS northing, {column('ctry')} AS country_code, NULL AS positional_quality, "
        f"{column('doterm')} AS doterm, {_literal(path.name.removesuffix('.csv'))} AS source, {priority} AS priority "
        f"FROM read_csv({_literal(str(copy))}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"columns = {{{columns}}})"
    )


def codepoint_select(path: Path, scratch: Path, priority: int) -> str:
    """The SELECT reading every area file of one Code-Point Open product (no header row, ten columns)."""
    files = ", ".join(_literal(str(f)) for f in codepoint_area_files(path, scratch))
    return (
        "SELECT postcode, admin_district_code AS lad_code, eastings AS easting, northings AS northing, "
        "country_code, positional_quality, NULL AS doterm, "
        f"{_literal(path.name.removesuffix('.zip'))} AS source, {priority} AS priority "
        f"FROM read_csv([{files}], header = false, delim = ',', quote = '\"', auto_detect = false, "
        f"columns = {_CODEPOINT_COLUMNS})"
    )


def directory_rows(paths: list[Path], scratch: Path) -> str:
    """One SELECT over every configured directory, each row with its directory's priority (0 = listed first)."""
    selects = []
    for priority, path in enumerate(paths):
        target = scratch / str(priority)
        target.mkdir(parents=True)
        if path.is_file() and path.suffix.lower() == ".csv":
            selects.append(onspd_select(path, target / "directory.csv", priority))
        else:
            selects.append(codepoint_select(path, target, priority))
    return "\nUNION ALL BY NAME\n".join(selects)


@asset(group_name="staging")
def postcode_directory(
    context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource
) -> MaterializeResult:
    """One row per postcode with its LAD code and grid reference; the first listed vintage wins."""
    config = analysis.load()
    with tempfile.TemporaryDirectory(prefix="spend-postcodes-") as scratch, warehouse(duckdb) as con:
        rows = directory_rows(config.postcode_directory_paths, Path(scratch))
        con.execute(f"CREATE OR REPLACE TEMP VIEW directory_rows AS {rows}")
        counts = publish(con, [("postcode_directory", sql_beside(__file__, "postcode_directory"), None)])
        by_source = con.execute(
            "SELECT source, count(*) FROM postcode_directory GROUP BY source ORDER BY source"
        ).fetchall()
    context.log.info(f"postcodes by directory: {dict(by_source)}")
    return MaterializeResult(metadata={"rows": counts["postcode_directory"], **{f"from {s}": n for s, n in by_source}})
