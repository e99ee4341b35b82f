"""The resources of the code location: the analysis file, the warehouse it names, Great Expectations."""

import os
from pathlib import Path

from assets.expectation_suites import GreatExpectations
from core.config import SpendAnalysis, load_config
from core.warehouse import Warehouse


def analysis_resources(config_path: str | os.PathLike[str]) -> dict:
    """The resources for one analysis file; raises ConfigError before anything runs if the file is wrong."""
    config = load_config(config_path)
    return {
        "analysis": SpendAnalysis(config_path=str(Path(config_path).resolve())),
        "warehouse": Warehouse(path=str(config.warehouse_path), memory_limit=config.duckdb_memory_limit),
        "great_expectations": GreatExpectations(),
    }
