"""The national code location: the per-council asset over the councils of one registry file and the national tables
made from theirs; a job for one council's partition (the national run launches one run per council,
`national/run.py`) and one for the national tables.

`dagster dev` loads the registry named by $SPEND_REGISTRY."""

import os
from pathlib import Path

from dagster import Definitions, define_asset_job

from national.council_tables import COUNCILS, NationalRegistry, council_tables
from national.executor import national_executor
from national.national_tables import national_tables

#: The environment variable naming the registry file the national code location loads.
REGISTRY_VAR = "SPEND_REGISTRY"
council_job = define_asset_job(
    "council", selection=[council_tables], partitions_def=COUNCILS, description="One council's run and its tables."
)


national_job = define_asset_job(
    "national_tables", selection=[national_tables], description="The national tables from the councils' own."
)


def build_national_definitions(registry_path: str | os.PathLike[str]) -> Definitions:
    return Definitions(
        assets=[council_tables, national_tables],
        jobs=[council_job, national_job],
        executor=national_executor,
        resources={"registry": NationalRegistry(registry_path=str(Path(registry_path).resolve()))},
    )


def registry_council_job():
    """The council job of the registry in $SPEND_REGISTRY: what each council's run process rebuilds (Dagster's
    reconstructable job, so that the run's steps can run in other processes, or on other machines). A run names
    its own registry in its run config (national/run.py): a Celery worker started with another runs it right."""
    return build_national_definitions(os.environ[REGISTRY_VAR]).resolve_job_def("council")
