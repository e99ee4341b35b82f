"""The national jobs' executor: Dagster's multiprocess executor (the default), or Dagster's Celery executor
(`dagster-celery`, Redis as broker and result backend) when the run config chooses it:

    execution:
      config:
        celery:
          broker: redis://127.0.0.1:6390/0
          backend: redis://127.0.0.1:6390/0

It is one executor with a choice in its config, not two jobs or two Definitions: a Celery worker rebuilds the job
(`registry_council_job`) and checks the run's config against its own copy, so both sides must know both choices.
Dagster has no public name for the multiprocess executor's config and constructor, hence the private imports."""

from dagster import (
    Field,
    Noneable,
    Permissive,
    Selector,
    StringSource,
    executor,
    multiple_process_executor_requirements,
)
from dagster._core.definitions.executor_definition import MULTI_PROC_CONFIG, _core_multiprocess_executor_creation
from dagster._core.execution.retries import RetryMode, get_retries_config

#: The environment variable naming the Redis URL a worker takes steps from (`spend national worker` sets it).
CELERY_URL_VAR = "SPEND_CELERY_URL"
#: How long a step taken by a worker that vanished whole (its machine lost) waits before Redis gives it to another
#: worker. Longer than any council's step, or a step still running is taken a second time.
VISIBILITY_TIMEOUT_SECONDS = 3600

CELERY_CONFIG = {
    "broker": Field(StringSource, description="The Celery broker's URL: redis://HOST:PORT/DB"),
    "backend": Field(StringSource, description="The Celery result backend's URL: redis://HOST:PORT/DB"),
    "config_source": Field(Noneable(Permissive()), is_required=False, description="More Celery app settings."),
    "retries": get_retries_config(),
}


@executor(
    name="national",
    config_schema=Field(
        Selector({"multiprocess": MULTI_PROC_CONFIG, "celery": CELERY_CONFIG}),
        is_required=False,
        default_value={"multiprocess": {}},
    ),
    requirements=multiple_process_executor_requirements(),
)
def national_executor(init_context):
    config = init_context.executor_config
    if "multiprocess" in config:
        return _core_multiprocess_executor_creation(config["multiprocess"])
    from dagster_celery.executor import CeleryExecutor  # only the Celery path needs dagster-celery installed

    celery = config["celery"]
    return CeleryExecutor(
        broker=celery["broker"],
        backend=celery["backend"],
        config_source=celery_settings() | (celery.get("config_source") or {}),
        retries=RetryMode.from_config(celery["retries"]),
    )


def celery_settings() -> dict:
    """The Celery settings of both sides, the run's executor and the workers (national/celery_worker.py)."""
    return {
        "worker_prefetch_multiplier": 1,  # a busy worker holds no second step: a free one takes it
        # acknowledged when done, so a step whose worker vanished whole goes back to the queue (after the
        # visibility timeout); a step whose process alone was killed fails (WorkerLostError) and its run with it,
        # which national/run.py runs once more: bounded, where putting it back (task_reject_on_worker_lost) would
        # loop forever on a step that always kills its process (out of memory)
        "task_acks_late": True,
        "task_reject_on_worker_lost": False,
        "worker_max_tasks_per_child": 1,  # a fresh process per council: nothing of one council's run left for the next
        "broker_transport_options": {
            "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
            # look for such steps every 10 s (kombu's default: every 10 s x 10)
            "unacked_restore_interval": 10,
            "unacked_restore_throttle": 1,
            "max_retries": 3,  # dagster-celery's own: connecting to the broker
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        "broker_connection_retry_on_startup": True,
    }


def celery_run_config(url: str) -> dict:
    """The run config choosing the Celery executor, with the Redis at `url` as broker and result backend."""
    return {"execution": {"config": {"celery": {"broker": url, "backend": url}}}}
