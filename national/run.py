"""`spend national run`: every council of a registry, each in a run of its own partition (at most `workers` at
once, each in a fresh process), recorded on the national instance (`<storage>/.dagster/`)."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from core.as_of import AS_OF_TAG
from core.registry import load_registry
from national.council_tables import COUNCILS
from national.definitions import REGISTRY_VAR
from pipelines.instance import instance_at


def national_home(storage: Path) -> Path:
    return instance_at(storage / ".dagster")


def run_national(registry_path: Path, workers: int, as_of: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """Run every council's partition, then the national tables: (council key -> what failed in its run (nothing:
    its run published and its tables are written), what failed in the national tables' run)."""
    from dagster import DagsterInstance

    registry = load_registry(registry_path)
    keys = list(registry.councils())
    home = national_home(registry.storage_path)
    with DagsterInstance.from_config(str(home)) as instance:
        known = set(instance.get_dynamic_partitions(COUNCILS.name))
        instance.add_dynamic_partitions(COUNCILS.name, [key for key in keys if key not in known])
    # A fresh process per council: a second run in one process did not see the dynamic partitions (Dagster 1.13).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, max_tasks_per_child=1, initializer=_use_registry, initargs=(registry_path,)
    ) as pool:
        found = pool.map(_run_council, keys, [str(home)] * len(keys), [as_of] * len(keys))
        councils = dict(zip(keys, found, strict=True))
    return councils, run_national_tables(registry_path, home, [key for key, failed in councils.items() if failed])


def run_national_tables(registry_path: Path, home: Path, failed: list[str]) -> list[str]:
    """The national tables' run from the councils' tables in the storage (`failed`: councils whose run failed this
    time); what failed in it."""
    from dagster import DagsterInstance

    from national.definitions import build_national_definitions
    from pipelines.run import failures

    job = build_national_definitions(registry_path).resolve_job_def("national_tables")
    run_config = {
        "ops": {"national_tables": {"config": {"failed": failed}}},
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
    }
    with DagsterInstance.from_config(str(home)) as instance:
        result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
        return [] if result.success else failures(result)


def _use_registry(registry_path: Path) -> None:
    os.environ[REGISTRY_VAR] = str(Path(registry_path).resolve())


def _run_council(key: str, home: str, as_of: str | None) -> list[str]:
    from dagster import DagsterInstance, execute_job, reconstructable

    from national.definitions import registry_council_job
    from pipelines.run import failures

    tags = {"dagster/partition": key} | ({AS_OF_TAG: as_of} if as_of else {})
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    with DagsterInstance.from_config(home) as instance:
        result = execute_job(reconstructable(registry_council_job), instance, run_config=quiet, tags=tags)
        return [] if result.success else failures(result)
