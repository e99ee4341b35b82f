"""The published figures as small pandas frames, read from the snapshot in one go and the file let go at once, so
that a dashboard or a report never holds it: the next run renames a new snapshot over it meanwhile."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd

from assets.publish.reports import restated_years
from core.columns import Kind, column_kind, formatted
from core.config import AnalysisConfig
from core.places import analysis_places
from core.snapshot import open_snapshot, snapshot_path

#: The order rings are drawn and listed in, everywhere.
RINGS = ["home", "region", "elsewhere", "unknown"]
RING_LABELS = {"home": "Home area", "region": "Region (outside home)", "elsewhere": "Elsewhere", "unknown": "Unknown"}
#: The two ways a supplier is placed: "based or branched" (CLES: a declared local site counts) and its office alone.
VIEWS = {"based or branched": "", "office": "office_"}
#: The tables read; those a version of the snapshot lacks (an older run, an input not configured) are empty.
TABLES = [
    "published_runs",
    "mart_local_spend_by_year",
    "mart_target_progress",
    "mart_spend_breakdown",
    "mart_top_suppliers",
    "mart_top_suppliers_summary",
    "mart_leakage",
    "mart_location_coverage",
    "mart_spend_by_lad",
    "mart_ingest_quality",
    "mart_living_wage",
    "mart_quote_compliance_by_year",
    "mart_contract_social_value",
    "mart_social_value_by_outcome",
    "mart_lm3",
    "mart_supply_chain_flows",
]


@dataclass(frozen=True)
class Published:
    """What the last good run published: a frame per table, the column kinds, and the district boundaries."""

    config: AnalysisConfig
    home_codes: frozenset[str]  # the home area and the region, closed over the LAD code changes
    region_codes: frozenset[str]
    frames: dict[str, pd.DataFrame]
    kinds: dict[str, dict[str, Kind]]
    boundaries: gpd.GeoDataFrame
    restated: dict[str, str] = field(default_factory=dict)  # closed year -> when and why it was restated

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.frames[table]

    @property
    def published_at(self) -> datetime:
        return self.frames["published_runs"].published_at.max().to_pydatetime()

    @property
    def run_id(self) -> str:
        runs = self.frames["published_runs"]
        return runs.loc[runs.published_at.idxmax(), "run_id"]

    @property
    def years(self) -> list[str]:
        return sorted(self.frames["mart_local_spend_by_year"].fiscal_year.unique())

    def months(self, year: str) -> int:
        spend = self.frames["mart_local_spend_by_year"]
        return int(spend.loc[spend.fiscal_year == year, "months"].max())

    def year_label(self, year: str) -> str:
        """'2019/20 (baseline)', '2021/22 (9 of 12 months)': a partial year, and a restated one, is marked wherever
        it appears."""
        notes = ["baseline"] if year == self.config.baseline_year else []
        if year in self.restated:
            notes.append("restated")
        if (months := self.months(year)) < 12:
            notes.append(f"{months} of 12 months")
        return f"{year} ({', '.join(notes)})" if notes else year

    def show(self, table: str, frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
        """`frame`'s columns `labels` names, renamed to the labels and each written as its kind is (£, %, counts)."""
        kinds = self.kinds[table]
        return pd.DataFrame(
            {
                label: [formatted(v, kinds.get(column, "text")) for v in frame[column]]
                for column, label in labels.items()
            }
        )


def read_published(config: AnalysisConfig) -> Published:
    """Every table the views use from the snapshot beside the analysis's warehouse, read in one go."""
    with open_snapshot(config.warehouse_path) as con:
        present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        frames, kinds = {}, {}
        for table in TABLES:
            frames[table] = con.execute(f"FROM {table}").df() if table in present else pd.DataFrame()
            kinds[table] = {c: column_kind(c, t) for c, t in _types(con, table)}
        boundaries = _boundaries(con) if "lad_boundaries" in present else empty_boundaries()
        restated = restated_years(con)
    home, region = analysis_places(config)
    return Published(config, frozenset(home.codes), frozenset(region.codes), frames, kinds, boundaries, restated)


def _types(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()


def _boundaries(con: duckdb.DuckDBPyConnection) -> gpd.GeoDataFrame:
    """Each district's boundary once (the first boundary file listed wins), in British National Grid metres."""
    rows = con.execute(
        "SELECT lad_code, lad_name, geometry FROM lad_boundaries QUALIFY row_number() OVER"
        " (PARTITION BY lad_code ORDER BY priority) = 1"
    ).df()
    geometry = gpd.GeoSeries.from_wkb(rows.pop("geometry").map(bytes), crs="EPSG:27700")
    return gpd.GeoDataFrame(rows, geometry=geometry)


def empty_boundaries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"lad_code": [], "lad_name": []}, geometry=[], crs="EPSG:27700")


def snapshot_mtime(config: AnalysisConfig) -> float:
    """When the snapshot file last changed: a cache of the frames is good until it does."""
    path = snapshot_path(Path(config.warehouse_path))
    return path.stat().st_mtime if path.exists() else 0.0
