"""What every mart with a year stands on: the payments on each base (`all`, `influenceable`), the months of ledger
in each year, each target measure's spend by month and the targets of each year, as temporary views the marts' SQL
reads."""

import duckdb

from core.config import AnalysisConfig
from core.sql import fill_placeholders, sql_beside, sql_literal


def create_base_views(con: duckdb.DuckDBPyConnection, config: AnalysisConfig) -> None:
    """Temporary views payments_by_base, ledger_months, measures_by_month and year_targets on this connection (and
    the table stated_targets, the analysis's targets as stated)."""
    definition = sql_literal(config.influenceable.describe())
    select = fill_placeholders(
        sql_beside(__file__, "steps/payments_by_base"), {"{influenceable_definition}": definition}
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW payments_by_base AS {select}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW ledger_months AS {sql_beside(__file__, 'steps/ledger_months')}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW measures_by_month AS {sql_beside(__file__, 'steps/measures_by_month')}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stated_targets"
        " (measure VARCHAR, base VARCHAR, fiscal_year VARCHAR, kind VARCHAR, value DOUBLE)"
    )
    if config.stated_targets:
        con.executemany("INSERT INTO stated_targets VALUES (?, ?, ?, ?, ?)", config.stated_targets)
    targets = fill_placeholders(
        sql_beside(__file__, "steps/year_targets"), {"{baseline_year}": sql_literal(config.baseline_year)}
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW year_targets AS {targets}")
