"""The national code location's sensors: a council's new month re-runs that council's partition and then the
national tables, nothing else.

- `council_landing_sensor`: a ledger file arriving in, changing in or leaving a council's landing folder (as the
  single-analysis landing sensor sees it: names and contents) starts a run of that council's partition; a council
  newly in the registry becomes a partition. Councils without a landing folder are run by hand
  (`spend national run --council KEY`).
- `national_tables_sensor`: a council's run that succeeded starts a run of the national tables.
"""

import json

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunStatusSensorContext,
    SensorEvaluationContext,
    SensorResult,
    run_status_sensor,
    sensor,
)

from core.config import load_config
from national.council_tables import COUNCILS, NationalRegistry
from national.jobs import council_job, national_job
from pipelines.sensors import landing_fingerprint


@sensor(
    job=council_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description="Runs a council's partition when a ledger file arrives in, changes in or leaves its landing folder.",
)
def council_landing_sensor(context: SensorEvaluationContext, registry: NationalRegistry) -> SensorResult:
    councils = registry.load().councils()
    known = set(context.instance.get_dynamic_partitions(COUNCILS.name))
    seen = json.loads(context.cursor) if context.cursor else {}
    now, requests = {}, []
    for key, analysis in councils.items():
        landing = load_config(analysis).landing_path
        if landing is None:
            continue
        now[key], count = landing_fingerprint(landing)
        if now[key] != seen.get(key) and (key in seen or count):
            tags = {"landing_fingerprint": now[key], "landing_files": str(count)}
            requests.append(RunRequest(partition_key=key, run_key=f"{key}:{now[key]}", tags=tags))
    context.update_cursor(json.dumps(now, sort_keys=True))
    new = [key for key in councils if key not in known]
    return SensorResult(
        run_requests=requests, dynamic_partitions_requests=[COUNCILS.build_add_request(new)] if new else []
    )


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[council_job],
    request_job=national_job,
    default_status=DefaultSensorStatus.RUNNING,
    description="Runs the national tables when a council's run has published its tables.",
)
def national_tables_sensor(context: RunStatusSensorContext) -> RunRequest:
    council = context.dagster_run.tags.get("dagster/partition", "")
    return RunRequest(run_key=context.dagster_run.run_id, tags={"after_council": council})
