"""What every mart with a year stands on: the payments on each base (`all`, `influenceable`) and the months of ledger
in each year, as temporary views the marts' SQL reads."""

import duckdb

from core.config import AnalysisConfig
from core.sql import sql_beside, sql_literal

BASES = ("all", "influenceable")


def create_base_views(con: duckdb.DuckDBPyConnection, config: AnalysisConfig) -> None:
    """Temporary views payments_by_base and ledger_months on this connection."""
    definition = sql_literal(config.influenceable.describe())
    select = sql_beside(__file__, "steps/payments_by_base").replace("{influenceable_definition}", definition)
    con.execute(f"CREATE OR REPLACE TEMP VIEW payments_by_base AS {select}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW ledger_months AS {sql_beside(__file__, 'steps/ledger_months')}")
