"""Staging: postcodes to Local Authority Districts, from the directories in the formats their publishers ship.

- OS Code-Point Open: a zip (or its unzipped folder) holding `Data/CSV/<area>.csv` (no header row, ten columns:
  postcode, positional quality, eastings, northings, country, two NHS codes, county, district, ward),
  `Doc/metadata.txt` (its date) and `Doc/Codelist.xlsx` (district names).
- ONS Postcode Directory (ONSPD) and National Statistics Postcode Lookup (NSPL): one CSV with a header row, or the
  zip ONS ships (`Data/ONSPD_<MMM>_<YYYY>_UK.csv` and `Documents/LA_UA names and codes ... .csv`).

DuckDB cannot read inside a zip, so the files are extracted to a scratch folder first. Each directory also yields
its list of district names, for table lad_names.
"""

import csv
import hashlib
import itertools
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    AssetSpec,
    Failure,
    MaterializeResult,
    asset_check,
    multi_asset,
)
from rapidfuzz import process
from rapidfuzz.distance import OSA

from assets.fingerprints import fingerprint, keep_fingerprint, kept_fingerprint
from core.cache import cache_folder, keep_in_cache, readable_table
from core.config import SpendAnalysis
from core.places import expand_place, read_code_changes
from core.sql import create_table, sql_beside, sql_literal
from core.warehouse import Warehouse

_AREA_FILE = re.compile(r"(^|/)data/csv/[^/]+\.csv$", re.IGNORECASE)
_ONS_DATA_FILE = re.compile(r"(^|/)data/[^/]+\.csv$", re.IGNORECASE)  # the whole-UK file, not Data/multi_csv/
_ONS_NAMES_FILE = re.compile(r"(^|/)documents/la_ua names and codes[^/]*\.csv$", re.IGNORECASE)
_CODEPOINT_NAME_SHEETS = ("DIS", "MTD", "UTA", "LBO")  # districts, metropolitan districts, unitaries, boroughs
_CODEPOINT_NAME_NOISE = re.compile(r"(\s+(District|London Boro))?(\s*\(B\))?$")
_CODEPOINT_COLUMNS = (
    "{'postcode': 'VARCHAR', 'positional_quality': 'VARCHAR', 'eastings': 'VARCHAR', 'northings': 'VARCHAR', "
    "'country_code': 'VARCHAR', 'nhs_regional_ha_code': 'VARCHAR', 'nhs_ha_code': 'VARCHAR', "
    "'admin_county_code': 'VARCHAR', 'admin_district_code': 'VARCHAR', 'admin_ward_code': 'VARCHAR'}"
)
#: ONSPD / NSPL columns by role, in order of preference; the LAD column's name changes by vintage.
_ONSPD_POSTCODE = ("pcds", "pcd2", "pcd", "pcd7", "pcd8")
_ONSPD_LAD = re.compile(r"^(oslaua|laua|lad\d{2}cd)$")


@dataclass
class Directory:
    """How to read one directory: its rows as a SELECT, the district names it ships, and whether it holds live
    postcodes only (Code-Point Open) or terminated ones too (ONSPD / NSPL)."""

    select: str
    lad_names: list[tuple[str, str]] = field(default_factory=list)
    live_only: bool = False
    vintage: str | None = None


def _members(path: Path, scratch: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Files matching `pattern` in a folder, or extracted from a zip into `scratch`."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and pattern.search(p.relative_to(path).as_posix()))
    with zipfile.ZipFile(path) as archive:
        members = sorted(m for m in archive.namelist() if pattern.search(m))
        archive.extractall(scratch, members=members)
    return [scratch / m for m in members]


def codepoint_vintage(path: Path, scratch: Path) -> str | None:
    """The product's date as Doc/metadata.txt gives it ('RM UPDATE DATE: 20251017' -> '2025-10')."""
    for metadata in _members(path, scratch, re.compile(r"(^|/)doc/metadata\.txt$", re.IGNORECASE)):
        found = re.search(r"RM UPDATE DATE:\s*(\d{4})(\d{2})", metadata.read_text(encoding="latin-1"))
        if found:
            return f"{found.group(1)}-{found.group(2)}"
    return None


def codepoint_lad_names(path: Path, scratch: Path) -> list[tuple[str, str]]:
    """District names from Doc/Codelist.xlsx ('Rotherham District (B)' -> 'Rotherham')."""
    names = []
    for codelist in _members(path, scratch, re.compile(r"(^|/)doc/codelist\.xlsx$", re.IGNORECASE)):
        with pd.ExcelFile(codelist) as workbook:
            sheets = [s for s in _CODEPOINT_NAME_SHEETS if s in workbook.sheet_names]
            for frame in pd.read_excel(workbook, sheet_name=sheets, header=None, dtype=str).values():
                for name, code in frame.iloc[:, :2].dropna().itertuples(index=False):
                    names.append((code.strip(), _CODEPOINT_NAME_NOISE.sub("", name.strip())))
    return names


def ons_lad_names(files: list[Path]) -> list[tuple[str, str]]:
    """District names from ONS's 'LA_UA names and codes' CSV (columns LADyyCD, LADyyNM)."""
    names = []
    for names_file in files:
        try:
            frame = pd.read_csv(names_file, dtype=str, encoding="utf-8-sig")
        except UnicodeDecodeError:
            frame = pd.read_csv(names_file, dtype=str, encoding="cp1252")
        code = next((c for c in frame.columns if re.fullmatch(r"lad\d{2}cd", c.strip(), re.IGNORECASE)), None)
        name = next((c for c in frame.columns if re.fullmatch(r"lad\d{2}nm", c.strip(), re.IGNORECASE)), None)
        if code and name:
            names.extend(frame[[code, name]].dropna().itertuples(index=False, name=None))
    return names


def codepoint_area_files(path: Path, scratch: Path) -> list[Path]:
    """The area CSVs of one Code-Point Open product, extracted from its zip if need be."""
    found = _members(path, scratch, _AREA_FILE)
    if not found:
        raise Failure(f"{path}: not Code-Point Open as OS ships it: no Data/CSV/<area>.csv files inside")
    return found


def onspd_select(path: Path, copy: Path, priority: int, source: str) -> str:
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

    columns = ", ".join(f"{sql_literal(h)}: 'VARCHAR'" for h in header)
    return (
        f'SELECT "{postcode}" AS postcode, "{lads[0]}" AS lad_code, {column("oseast1m")} AS easting, '
        f"{column('osnrth1m')} AS northing, {column('ctry')} AS country_code, NULL AS positional_quality, "
        f"{column('doterm')} AS doterm, {column('dointr')} AS dointr, NULL AS vintage, false AS live_only, "
        f"{sql_literal(source)} AS source, {priority} AS priority "
        f"FROM read_csv({sql_literal(str(copy))}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"columns = {{{columns}}})"
    )


def ons_zip(path: Path, scratch: Path, priority: int) -> Directory:
    """An ONSPD or NSPL zip as ONS ships it: the whole-UK CSV under Data/, district names under Documents/."""
    data = _members(path, scratch, _ONS_DATA_FILE)
    if len(data) != 1:
        raise Failure(f"{path}: expected one Data/<name>.csv (the whole-UK file) in an ONS zip, found {len(data)}")
    return Directory(
        onspd_select(data[0], scratch / "directory.csv", priority, path.name),
        ons_lad_names(_members(path, scratch, _ONS_NAMES_FILE)),
    )


def codepoint(path: Path, scratch: Path, priority: int) -> Directory:
    """Every area file of one Code-Point Open product (no header row, ten columns), and its district names."""
    files = ", ".join(sql_literal(str(f)) for f in codepoint_area_files(path, scratch))
    vintage = codepoint_vintage(path, scratch)
    select = (
        "SELECT postcode, admin_district_code AS lad_code, eastings AS easting, northings AS northing, "
        "country_code, positional_quality, NULL AS doterm, NULL AS dointr, "
        f"{'NULL' if vintage is None else sql_literal(vintage)} AS vintage, true AS live_only, "
        f"{sql_literal(path.name)} AS source, {priority} AS priority "
        f"FROM read_csv([{files}], header = false, delim = ',', quote = '\"', auto_detect = false, "
        f"columns = {_CODEPOINT_COLUMNS})"
    )
    return Directory(select, codepoint_lad_names(path, scratch), live_only=True, vintage=vintage)


def read_directory(path: Path, scratch: Path, priority: int) -> Directory:
    """Recognise one directory by its shape: an ONS CSV, an ONS zip, or Code-Point Open (zip or folder)."""
    if path.is_file() and path.suffix.lower() == ".csv":
        return Directory(onspd_select(path, scratch / "directory.csv", priority, path.name))
    if path.is_file() and not zipfile.is_zipfile(path):
        raise Failure(
            f"{path}: a postcode directory must be a Code-Point Open zip or its unzipped folder, "
            "or an ONSPD / NSPL CSV file or zip"
        )
    if path.is_file():
        with zipfile.ZipFile(path) as archive:
            if not any(_AREA_FILE.search(m) for m in archive.namelist()):
                return ons_zip(path, scratch, priority)
    return codepoint(path, scratch, priority)


def _check_newest_first(paths: list[Path], directories: list[Directory]) -> None:
    """Code-Point Open holds live postcodes only, so a postcode missing from the newest is read as terminated:
    the newest must be listed first. An older one listed before a newer one is an error."""
    dated = [(path.name, d.vintage) for path, d in zip(paths, directories, strict=True) if d.live_only and d.vintage]
    for (earlier, earlier_vintage), (later, later_vintage) in itertools.pairwise(dated):
        if earlier_vintage < later_vintage:
            raise Failure(
                f"postcode_directories: Code-Point Open {earlier} ({earlier_vintage}) is listed before {later} "
                f"({later_vintage}); list the newest first, since the first listed wins and a postcode only an "
                "older one holds is read as terminated"
            )


@multi_asset(
    specs=[
        AssetSpec(
            "postcode_directory",
            group_name="reference",
            description="One row per postcode with its LAD code, grid reference, terminated flag, and the directory "
            "and vintage that decided it; the first listed directory wins.",
        ),
        AssetSpec(
            "lad_names",
            group_name="reference",
            description="One name per LAD code: from the directories' code lists, else from the code changes file.",
        ),
    ],
)
def postcode_directories(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Read every configured directory into one table, and their district names into another. Skipped when the
    directories, the code changes and the reading rules are those the tables were built from (their fingerprint
    is kept in pipeline_state.fingerprints): directories are large and rarely change between monthly runs."""
    config = analysis.load()
    built_from = directory_fingerprint(config)
    with warehouse.connection() as con:
        unchanged = kept_fingerprint(con, "postcode_directory", "postcode_directory", "lad_names") == built_from
        from_cache = False
        if unchanged:
            context.log.info("postcode directories unchanged since they were loaded: tables kept")
        else:
            from_cache = _load_directories(context, con, config, built_from, warehouse.scratch("postcodes"))
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            for table in ("postcode_directory", "lad_names")
        }
        by_source = con.execute(
            "SELECT source, vintage, count(*) FROM postcode_directory GROUP BY ALL ORDER BY source"
        ).fetchall()
    context.log.info(f"postcodes by directory: {by_source}")
    yield MaterializeResult(
        asset_key="postcode_directory",
        metadata={
            "rows": counts["postcode_directory"],
            "reloaded": not unchanged,
            "from the cache": from_cache,
            **{f"from {s} ({v})": n for s, v, n in by_source},
        },
    )
    yield MaterializeResult(asset_key="lad_names", metadata={"rows": counts["lad_names"]})


def directory_fingerprint(config) -> str:
    """The fingerprint of everything the two tables are built from: each directory's files (names and bytes, in the
    listed order), the code changes file, the reading rules and DuckDB's version."""
    digest = hashlib.sha256()
    for path in [*config.postcode_directory_paths, config.lad_code_changes_path]:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        digest.update(f"\0{path}".encode())
        for file in files:
            digest.update(f"\0{file.relative_to(path) if path.is_dir() else file.name}\0".encode())
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return fingerprint("postcode_directory", duckdb.__version__, digest.hexdigest())


def _load_directories(context, con, config, built_from: str, scratch: Path) -> bool:
    """Build both tables, from the machine's cache when any analysis read the same directories and code changes
    under the same rules before, else from the directories themselves, then kept in the cache. Keep the
    fingerprint they were built from; return whether they came from the cache."""
    cached = {table: readable_table(table, built_from) for table in ("postcode_directory", "lad_names")}
    from_cache = all(cached.values())
    if from_cache:
        for table, path in cached.items():
            create_table(con, table, f"SELECT * FROM read_parquet({sql_literal(path.as_posix())})")
        context.log.info(f"postcode directories read from the cache, {cache_folder()}")
    else:
        _read_directories(con, config, scratch)
        try:
            for table in cached:
                keep_in_cache(con, table, built_from)
        except (OSError, duckdb.Error) as exc:  # a cache that cannot be written costs time, never the run
            context.log.warning(f"postcode directories not kept in the cache {cache_folder()}: {exc}")
    keep_fingerprint(con, "postcode_directory", built_from)
    return from_cache


def _read_directories(con, config, scratch: Path) -> None:
    """Build both tables from the configured directories."""
    directories = []
    for priority, path in enumerate(config.postcode_directory_paths):
        (scratch / str(priority)).mkdir()
        directories.append(read_directory(path, scratch / str(priority), priority))
    _check_newest_first(config.postcode_directory_paths, directories)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW directory_rows AS " + "\nUNION ALL BY NAME\n".join(d.select for d in directories)
    )
    changes = read_code_changes(config.lad_code_changes_path)
    names = [(code, name, rank) for rank, d in enumerate(directories) for code, name in d.lad_names] + [
        (code, name, len(directories))
        for c in changes
        for code, name in ((c.old_code, c.old_name), (c.new_code, c.new_name))
    ]
    con.register("lad_name_candidates", pd.DataFrame(names, columns=["lad_code", "lad_name", "priority"]))
    live = [priority for priority, d in enumerate(directories) if d.live_only]
    params = {"newest_live_priority": min(live, default=len(directories))}
    create_table(con, "postcode_directory", sql_beside(__file__, "postcode_directory"), params)
    create_table(con, "lad_names", sql_beside(__file__, "lad_names"))


@asset_check(
    asset="postcode_directory",
    additional_deps=["lad_names"],
    blocking=True,
    description="Every LAD code of the analysis's places (home_lad_codes, region_lad_codes) has postcodes in the "
    "configured directories, itself or through a code it changed to or from: a typo of a real code would "
    "otherwise leave its place empty and its spend counted elsewhere.",
)
def configured_lad_codes_have_postcodes(analysis: SpendAnalysis, warehouse: Warehouse) -> AssetCheckResult:
    config = analysis.load()
    changes = read_code_changes(config.lad_code_changes_path)
    with warehouse.connection() as con:
        with_postcodes = {
            code for (code,) in con.execute("SELECT DISTINCT lad_code FROM postcode_directory").fetchall()
        }
        names = dict(con.execute("SELECT lad_code, lad_name FROM lad_names").fetchall())
    problems = [
        f"{key}: no postcode of the configured directories lies in {code}, nor in a district it became or came from"
        + _nearest(code, with_postcodes, names)
        for key, codes in (("home_lad_codes", config.home_lad_codes), ("region_lad_codes", config.region_lad_codes))
        for code in codes
        if not set(expand_place([code], changes).codes) & with_postcodes
    ]
    return AssetCheckResult(passed=not problems, description="; ".join(problems) or None)


def _nearest(code: str, known: set[str], names: dict[str, str]) -> str:
    """`; did you mean ...` with the known code nearest `code` by edits (a transposed pair is one), when one is near."""
    found = process.extractOne(code, sorted(known), scorer=OSA.distance, score_cutoff=2)
    if found is None:
        return ""
    near = found[0]
    return f"; did you mean {near}" + (f" ({names[near]})" if near in names else "") + "?"
