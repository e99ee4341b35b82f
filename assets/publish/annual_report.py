"""Publish: the annual run's report files, written once its tables are published.

The schedule annual_close runs the `annual` job the day after a year closes: it freezes the year (closed_year_figures)
and, once everything is published, this step writes the reports of the year as files beside the warehouse, in
`reports/<year>/` (the year that closed last, as of the run): `headline.txt`, the headline table, and
`progress.txt`, the twelve-month review of the targets; and keeps each file's text in table annual_report, the
history of what was reported. A run that publishes nothing writes none.
"""

import os
from datetime import UTC, datetime

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.publish import reports
from assets.publish.published_runs import PUBLISH_GROUP
from core.as_of import run_as_of
from core.config import SpendAnalysis
from core.sql import sql_beside
from core.warehouse import Warehouse


@asset(group_name=PUBLISH_GROUP, deps=["published_runs"])
def annual_report(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse) -> MaterializeResult:
    """The headline table and the twelve-month review of the year that closed last, as files in reports/<year>/."""
    config = analysis.load()
    as_of = run_as_of(context)
    with warehouse.connection() as con:
        closed = [y for (y,) in con.execute("SELECT fiscal_year FROM mart_local_spend_by_year").fetchall()
                  if config.is_closed(y, as_of)]  # fmt: skip
        texts = {"headline.txt": reports.headline(con, config), "progress.txt": reports.progress(con, config)}
        year = max(closed, default=None)
        folder = config.warehouse_path.parent / "reports" / (year.replace("/", "-") if year else f"as-of-{as_of}")
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            part = folder / f".{name}.part"
            part.write_text(text + "\n", encoding="utf-8")
            os.replace(part, folder / name)  # whole or not at all
        con.execute(sql_beside(__file__, "annual_report"))
        con.executemany(
            "INSERT INTO annual_report VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(year, name, str(folder / name), text, as_of, context.run_id, datetime.now(UTC))
             for name, text in texts.items()],
        )  # fmt: skip
    context.log.info(f"annual report of {year or 'no closed year'} written to {folder}")
    return MaterializeResult(
        metadata={"year": year or "none closed", **{name: MetadataValue.path(str(folder / name)) for name in texts}}
    )
