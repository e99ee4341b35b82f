"""`spend national run`: every council of a registry, each in a run of its own partition (at most `workers` at
once, each in a fresh process), recorded on the national instance (`<storage>/.dagster/`)."""

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from core.as_of import AS_OF_TAG
from core.registry import load_registry
from national.council_tables import COUNCILS
from national.definitions import REGISTRY_VAR
from pipelines.instance import instance_at


def national_home(storage: Path) -> Path:
    return instance_at(storage / ".dagster")


def run_national(
    registry_path: Path,
    workers: int,
    as_of: str | None = None,
    celery: str | None = None,
    councils: list[str] | None = None,
) -> tuple[dict[str, list[str]], list[str]]:
    """Run the partitions of `councils` (every council's when None), then the national tables from every council's
    tables in the storage: (council key -> what failed in its run (nothing: its run published and its tables are
    written), what failed in the national tables' run). `workers` councils' runs at once; with `celery` (a Redis
    URL) their steps run on the Celery workers taking steps from it (`spend national worker`), else each in a
    process of this machine."""
    from dagster import DagsterInstance

    registry = load_registry(registry_path)
    keys = list(registry.councils()) if councils is None else councils
    home = national_home(registry.storage_path)
    with DagsterInstance.from_config(str(home)) as instance:
        known = set(instance.get_dynamic_partitions(COUNCILS.name))
        instance.add_dynamic_partitions(COUNCILS.name, [key for key in keys if key not in known])
    # A fresh process per council: a second run in one process did not see the dynamic partitions (Dagster 1.13).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, max_tasks_per_child=1, initializer=_use_registry, initargs=(registry_path,)
    ) as pool:
        found = pool.map(_run_council, keys, [str(home)] * len(keys), [as_of] * len(keys), [celery] * len(keys))
        outcomes = dict(zip(keys, found, strict=True))
    return outcomes, run_national_tables(registry_path, home, [key for key, failed in outcomes.items() if failed])


def run_national_tables(registry_path: Path, home: Path, failed: list[str]) -> list[str]:
    """The national tables' run from the councils' tables in the storage (`failed`: councils whose run failed this
    time); what failed in it."""
    from dagster import DagsterInstance

    from national.definitions import build_national_definitions
    from pipelines.run import failures

    job = build_national_definitions(registry_path).resolve_job_def("national")
    run_config = {
        "ops": {"national_tables": {"config": {"failed": failed}}},
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
    }
    with DagsterInstance.from_config(str(home)) as instance:
        result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
        return [] if result.success else failures(result)


def worker_command(url: str, name: str, registry_path: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment of a Celery worker of national runs: one step at a time, taken from the Redis
    at `url` (dagster-celery's queue), in a fresh process forked from one that has imported the pipeline."""
    from national.executor import CELERY_URL_VAR

    command = [sys.executable, "-m", "celery", "-A", "national.celery_worker", "worker", "--queues", "dagster",
               "--concurrency", "1", "--prefetch-multiplier", "1", "--hostname", f"{name}@%h",
               "--without-gossip", "--without-mingle", "--loglevel", "INFO"]  # fmt: skip
    environment = os.environ | {CELERY_URL_VAR: url, REGISTRY_VAR: str(Path(registry_path).resolve()),
                                "GX_ANALYTICS_ENABLED": "false"}  # fmt: skip
    return command, environment


def _use_registry(registry_path: Path) -> None:
    os.environ[REGISTRY_VAR] = str(Path(registry_path).resolve())


def _run_council(key: str, home: str, as_of: str | None, celery: str | None) -> list[str]:
    from dagster import DagsterInstance, ReexecutionOptions, execute_job, reconstructable

    from national.definitions import registry_council_job
    from national.executor import celery_run_config
    from pipelines.run import failures

    tags = {"dagster/partition": key} | ({AS_OF_TAG: as_of} if as_of else {})
    run_config = {
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
        # this run's registry, not the one a Celery worker was started with
        "resources": {"registry": {"config": {"registry_path": os.environ[REGISTRY_VAR]}}},
    } | (celery_run_config(celery) if celery else {})
    job = reconstructable(registry_council_job)
    with DagsterInstance.from_config(home) as instance:
        result = execute_job(job, instance, run_config=run_config, tags=tags)
        if not result.success and not result.get_step_failure_events():
            # the run failed but no step did: the process running its step was lost (a Celery worker's killed).
            # Once more, as a re-execution of the failed run (Dagster links the two).
            again = ReexecutionOptions.from_failure(result.run_id, instance)
            result = execute_job(job, instance, run_config=run_config, tags=tags, reexecution_options=again)
        return [] if result.success else failures(result)
