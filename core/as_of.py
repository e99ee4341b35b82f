"""The day a run's figures are as of: which financial years are closed, and so frozen, depends on it.

A run is as of the day it starts (in the council's time zone), unless its tag `spend/as_of` names another day (the
schedules tag their runs with the day they were due; `spend run --as-of` tags its run) or $SPEND_AS_OF does (to
reproduce or test the state of a past day in every run a process starts).
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

from dagster import AssetExecutionContext

AS_OF_TAG = "spend/as_of"
ENV_VAR = "SPEND_AS_OF"
#: The councils' time zone: the day a year closes on is a day in England.
TIME_ZONE = ZoneInfo("Europe/London")


def parse_day(text: str, where: str) -> dt.date:
    """A day written YYYY-MM-DD, or a ValueError naming `where` it came from."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{where}={text!r} is not a day written YYYY-MM-DD") from None


def run_as_of(context: AssetExecutionContext) -> dt.date:
    """The day the run's figures are as of: its tag, else $SPEND_AS_OF, else today."""
    if AS_OF_TAG in context.run.tags:
        return parse_day(context.run.tags[AS_OF_TAG], f"run tag {AS_OF_TAG}")
    if os.environ.get(ENV_VAR):
        return parse_day(os.environ[ENV_VAR], f"${ENV_VAR}")
    return dt.datetime.now(TIME_ZONE).date()
