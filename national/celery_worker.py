"""The Celery app of the national run's workers: dagster-celery's task, which runs one step of a run (one council's
partition), with the Redis at $SPEND_CELERY_URL as broker and result backend. `spend national worker` starts one.

A worker rebuilds the council job (`registry_council_job`); the run's registry and instance come with each task."""

import os

from national.executor import CELERY_URL_VAR


def _make_app():
    from dagster_celery.config import DEFAULT_CONFIG, dict_wrapper
    from dagster_celery.make_app import make_app
    from dagster_celery.tasks import create_task

    from national.executor import celery_settings

    url = os.environ[CELERY_URL_VAR]
    settings = dict_wrapper(DEFAULT_CONFIG | celery_settings())
    app = make_app({"broker": url, "backend": url, "include": [], "config_source": settings})
    create_task(app)
    return app


app = _make_app()

# Imported once in the worker's main process, so that each step's fresh process (forked from it) starts with them:
# importing them takes about 7 s, per step otherwise.
import great_expectations  # noqa: E402, F401

import national.definitions  # noqa: E402, F401
import pipelines.definitions  # noqa: E402, F401
