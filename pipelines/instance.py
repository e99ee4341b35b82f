"""One Dagster instance per analysis, in a folder beside its warehouse (`spend.duckdb` -> `spend.dagster/`): its
runs, their metadata, its schedules' and sensor's state. Two councils' runs never meet on one asset, so one
council's figures never show on another's in the UI. Each instance is configured by the project's
`.dagster_home/dagster.yaml` (telemetry off; one run writing the warehouse at a time), copied in when it changes."""

import shutil
from pathlib import Path

from dagster import DagsterInstance

from core.config import AnalysisConfig

#: The instance settings every analysis's instance uses.
INSTANCE_SETTINGS = Path(__file__).resolve().parents[1] / ".dagster_home" / "dagster.yaml"


def instance_folder(config: AnalysisConfig) -> Path:
    """The analysis's DAGSTER_HOME, with the project's settings in it."""
    warehouse = config.warehouse_path
    return instance_at(warehouse.with_name(f"{warehouse.stem}.dagster"))


def instance_at(folder: Path) -> Path:
    """`folder` as a DAGSTER_HOME with the project's settings in it (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / "dagster.yaml"
    if not settings.exists() or settings.read_bytes() != INSTANCE_SETTINGS.read_bytes():
        shutil.copyfile(INSTANCE_SETTINGS, settings)
    return folder


def analysis_instance(config: AnalysisConfig) -> DagsterInstance:
    return DagsterInstance.from_config(str(instance_folder(config)))
