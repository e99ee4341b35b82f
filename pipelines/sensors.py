"""The sensors: a new, changed or removed ledger file in the landing folder starts a run of the spend job, and so
does a return verified in the suppliers' portal since the last run (`social_value.portal`).

Its cursor is a fingerprint of the folder's ledger files (names and contents), so each change starts
one run; a run for the current fingerprint that failed (say, the warehouse was locked) is tried again, up to
ATTEMPTS runs in all. The ingest itself parses only the files it has not parsed before, so a run after one new
month is cheap.
"""

import hashlib
import json
from pathlib import Path

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from assets.staging.portal_returns import last_verified
from core.config import SpendAnalysis, landing_files
from pipelines.jobs import spend_job

ATTEMPTS = 3


def landing_fingerprint(folder: Path) -> tuple[str, int]:
    """A fingerprint of the names and contents of the folder's ledger files, and how many there are. Contents, not
    sizes and times: a corrected file of the same size, or one copied with its old time, is still a change."""
    files = landing_files(folder)
    state = []
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        state.append((path.name, digest.hexdigest()))
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16], len(files)


@sensor(
    job=spend_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Runs the spend job when a ledger file arrives in, changes in or leaves the landing folder.",
)
def landing_sensor(context: SensorEvaluationContext, analysis: SpendAnalysis):
    landing = analysis.load().landing_path
    if landing is None:
        return SkipReason("the analysis names no landing folder")
    fingerprint, count = landing_fingerprint(landing)
    previous = context.cursor
    if fingerprint == previous:
        runs = context.instance.get_runs(filters=RunsFilter(tags={"landing_fingerprint": fingerprint}))
        if runs and runs[0].status == DagsterRunStatus.FAILURE and len(runs) < ATTEMPTS:
            return RunRequest(tags={"landing_fingerprint": fingerprint, "landing_files": str(count)})
        return SkipReason(f"no file arrived in, changed in or left {landing}")
    context.update_cursor(fingerprint)
    if previous is None and count == 0:
        return SkipReason(f"{landing} is empty")
    return RunRequest(tags={"landing_fingerprint": fingerprint, "landing_files": str(count)})


@sensor(
    job=spend_job,
    minimum_interval_seconds=300,
    default_status=DefaultSensorStatus.RUNNING,
    description="Runs the spend job when a return has been verified in the suppliers' portal since the last run.",
)
def portal_sensor(context: SensorEvaluationContext, analysis: SpendAnalysis):
    config = analysis.load()
    portal = config.social_value.portal if config.social_value else None
    if portal is None:
        return SkipReason("the analysis names no portal (social_value.portal)")
    last = last_verified(portal, config.config_dir)
    if last is None:
        return SkipReason("no return has been verified in the portal yet")
    if last == context.cursor:
        return SkipReason(f"no return verified in the portal since {last}")
    context.update_cursor(last)
    return RunRequest(tags={"portal_verified_up_to": last})
