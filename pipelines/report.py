"""What the `spend` command prints from the tables the last good run published: the headline table, and the
twelve-month review of the targets (assets/publish/reports.py writes both)."""

from assets.publish import reports
from core.config import AnalysisConfig
from core.warehouse import open_published


def headline(config: AnalysisConfig) -> str:
    with open_published(config.warehouse_path, "mart_local_spend_by_year") as con:
        return reports.headline(con, config)


def progress(config: AnalysisConfig) -> str:
    with open_published(config.warehouse_path, "mart_target_progress") as con:
        return reports.progress(con, config)
