"""The schedules: the monthly refresh and the annual run after a year closes, each tagging its run with the day it
was due, and the annual run writing the report files of the year that closed."""

import datetime as dt

from dagster import build_schedule_context

from core.as_of import AS_OF_TAG, TIME_ZONE
from core.config import load_config
from pipelines.definitions import build_definitions
from tests.helpers import SAMPLE_DIR


def schedules(config_path):
    defs = build_definitions(config_path)
    return {name: defs.resolve_schedule_def(name) for name in ("monthly_refresh", "annual_close")}


def evaluate(schedule, when: dt.datetime):
    context = build_schedule_context(scheduled_execution_time=when)
    [request] = schedule.evaluate_tick(context).run_requests
    return request


def test_the_monthly_refresh_runs_the_spend_job_at_six_on_the_fifth_tagged_with_its_day():
    monthly = schedules(SAMPLE_DIR / "analysis.yaml")["monthly_refresh"]
    assert (monthly.cron_schedule, monthly.execution_timezone, monthly.job_name) == (
        "0 6 5 * *",
        "Europe/London",
        "spend",
    )
    request = evaluate(monthly, dt.datetime(2026, 12, 5, 6, 0, tzinfo=TIME_ZONE))
    assert request.tags[AS_OF_TAG] == "2026-12-05"
    assert request.run_key == "monthly_refresh 2026-12-05"
    assert request.tags["spend/schedule"] == "monthly_refresh"
    # 06:00 UK summer time is 05:00 UTC: the day is the UK day
    request = evaluate(monthly, dt.datetime(2026, 7, 5, 5, 0, tzinfo=dt.UTC))
    assert request.tags[AS_OF_TAG] == "2026-07-05"


def test_the_annual_run_is_due_the_day_after_the_years_close_and_runs_the_annual_job(analysis):
    annual = schedules(SAMPLE_DIR / "analysis.yaml")["annual_close"]
    assert (annual.cron_schedule, annual.job_name) == ("0 6 1 7 *", "annual")  # years close on 30 June
    assert evaluate(annual, dt.datetime(2022, 7, 1, 6, 0, tzinfo=TIME_ZONE)).tags[AS_OF_TAG] == "2022-07-01"
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n"}, years_close_on="'09-30'", refresh_schedule="'0 7 1 * 1'"
    )
    found = schedules(config)
    assert found["annual_close"].cron_schedule == "0 6 1 10 *"
    assert found["monthly_refresh"].cron_schedule == "0 7 1 * 1"


def test_the_annual_run_freezes_the_closed_year_and_writes_its_report_files(analysis):
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n2019-04-10,30.00,Home Ltd\n2020-03-10,10.00,Away Ltd\n"},
        supplier_file=b"supplier_name,postcode\nHome Ltd,Q1 1AA\nAway Ltd,QM1 1AA\n",
        targets="{'2020/21': 0.8}",
    )
    defs = build_definitions(config)
    request = evaluate(defs.resolve_schedule_def("annual_close"), dt.datetime(2020, 7, 1, 6, 0, tzinfo=TIME_ZONE))
    result = defs.resolve_job_def(request.job_name or "annual").execute_in_process(tags=request.tags)
    assert result.success
    folder = load_config(config).warehouse_path.parent / "reports" / "2019-20"
    progress = (folder / "progress.txt").read_text()
    assert "Home share, all base (all payments)" in progress
    assert "2019/20 (baseline)  closed, 2 of 12 months" in progress
    assert "2020/21: target 80.0% (stated share), not started." in progress
    assert "2019/20 (baseline), 2 of 12 months" in (folder / "headline.txt").read_text()
