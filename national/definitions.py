"""The national code location: the per-council asset over the councils of one registry file and the national tables
made from theirs, their jobs (national/jobs.py) and sensors (national/sensors.py).

`spend national dev` (`dagster dev`) loads the registry named by $SPEND_REGISTRY, the SYNTHETIC sample's when unset."""

import os
from pathlib import Path

from dagster import Definitions, definitions

from core.registry import SAMPLE_REGISTRY
from national.council_tables import NationalRegistry, council_tables
from national.executor import national_executor
from national.jobs import council_job, national_job
from national.national_tables import national_tables
from national.sensors import council_landing_sensor, national_tables_sensor

#: The environment variable naming the registry file the national code location loads.
REGISTRY_VAR = "SPEND_REGISTRY"


def build_national_definitions(registry_path: str | os.PathLike[str]) -> Definitions:
    return Definitions(
        assets=[council_tables, national_tables],
        jobs=[council_job, national_job],
        sensors=[council_landing_sensor, national_tables_sensor],
        executor=national_executor,
        resources={"registry": NationalRegistry(registry_path=str(Path(registry_path).resolve()))},
    )


def registry_path() -> Path:
    """The registry in $SPEND_REGISTRY, else the SYNTHETIC sample's."""
    return Path(os.environ.get(REGISTRY_VAR) or SAMPLE_REGISTRY)


def registry_council_job():
    """The council job of the registry in $SPEND_REGISTRY: what each council's run process rebuilds (Dagster's
    reconstructable job, so that the run's steps can run in other processes, or on other machines). A run names
    its own registry in its run config (national/run.py): a Celery worker started with another runs it right."""
    return build_national_definitions(registry_path()).resolve_job_def("council")


@definitions
def defs() -> Definitions:
    return build_national_definitions(registry_path())
