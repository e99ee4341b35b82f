"""The resources of the code location: the analysis file and the warehouse it names."""

import os
from pathlib import Path

from core.config import SpendAnalysis, load_config
from core.warehouse import Warehouse


def analysis_resources(config_path: str | os.PathLike[str]) -> dict:
    """The resources for one analysis file; raises ConfigError before anything runs if the file is wrong."""
    config = load_config(config_path)
    return {
        "analysis": SpendAnalysis(config_path=str(Path(config_path).resolve())),
        "warehouse": Warehouse(path=str(config.warehouse_path), memory_limit=config.duckdb_memory_limit),
    }
