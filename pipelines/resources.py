"""Dagster resources: the analysis being run and the warehouse it writes."""

from __future__ import annotations

from dagster import ConfigurableResource

from pipelines.config import AnalysisConfig, load_config


class SpendAnalysis(ConfigurableResource):
    """The analysis file every asset reads its inputs, places and years from."""

    config_path: str

    def load(self) -> AnalysisConfig:
        return load_config(self.config_path)
