"""The schedules: a monthly refresh, and an annual run the day after a financial year closes.

Both tag their runs with the day they were due (core/as_of.py), so that a run the daemon starts late, or one
started again from the UI, treats the same years as closed as the run that was due. Times are UK times.
"""

import datetime as dt

from dagster import DefaultScheduleStatus, RunRequest, ScheduleDefinition, ScheduleEvaluationContext, schedule

from core.as_of import AS_OF_TAG, TIME_ZONE
from core.config import AnalysisConfig
from pipelines.jobs import annual_job, spend_job


def _run_request(context: ScheduleEvaluationContext, name: str) -> RunRequest:
    """Schedule `name`'s run, keyed and tagged with the day it was due (in UK time) and the schedule's name."""
    due = context.scheduled_execution_time.astimezone(TIME_ZONE).date().isoformat()
    return RunRequest(run_key=f"{name} {due}", tags={AS_OF_TAG: due, "spend/schedule": name})


def annual_cron(config: AnalysisConfig) -> str:
    """06:00 on the day after the analysis's years close (1 July for the default 30 June)."""
    day = dt.date(2001, *config.close_day) + dt.timedelta(days=1)
    return f"0 6 {day.day} {day.month} *"


def build_schedules(config: AnalysisConfig) -> list[ScheduleDefinition]:
    """The two schedules of one analysis, on from the moment the code location loads (the daemon runs them)."""

    @schedule(
        name="monthly_refresh",
        job=spend_job,
        cron_schedule=config.refresh_schedule,
        execution_timezone=TIME_ZONE.key,
        default_status=DefaultScheduleStatus.RUNNING,
        description=f"Refreshes every table ({config.refresh_schedule}, UK time): new ledger months, suppliers, "
        "reference data.",
    )
    def monthly_refresh(context: ScheduleEvaluationContext) -> RunRequest:
        return _run_request(context, "monthly_refresh")

    @schedule(
        name="annual_close",
        job=annual_job,
        cron_schedule=annual_cron(config),
        execution_timezone=TIME_ZONE.key,
        default_status=DefaultScheduleStatus.RUNNING,
        description=f"The day after a year closes ({config.years_close_on}): freezes the closed year's figures and "
        "writes the annual report files.",
    )
    def annual_close(context: ScheduleEvaluationContext) -> RunRequest:
        return _run_request(context, "annual_close")

    return [monthly_refresh, annual_close]
