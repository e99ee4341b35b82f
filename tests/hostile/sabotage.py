"""Runs of the spend job that fail, or kill their own process, as the n-th step's connection to the warehouse
closes: after that step did its work, before anything later."""

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster import Definitions, in_process_executor
from pydantic import PrivateAttr

from core.config import load_config
from core.warehouse import Warehouse
from pipelines.definitions import ASSETS, CHECKS
from pipelines.jobs import spend_job
from pipelines.resources import analysis_resources


class SabotagedWarehouse(Warehouse):
    """The warehouse, failing (or killing the process) when the `at`-th step using it finishes its work."""

    at: int
    kill: bool = False
    _steps: int = PrivateAttr(default=0)
    _where: list[str] = PrivateAttr(default_factory=list)

    @contextmanager
    def connection(self) -> Iterator:
        with super().connection() as con:
            yield con
            self._steps += 1
            if self._steps == self.at:
                if self.kill:
                    os.kill(os.getpid(), signal.SIGKILL)
                raise RuntimeError(f"sabotaged at step {self.at}")


def run(config: Path, warehouse: Warehouse):
    """The spend job over `config`, with `warehouse` as its warehouse."""
    defs = Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[spend_job],
        executor=in_process_executor,
        resources={**analysis_resources(config), "warehouse": warehouse},
    )
    return defs.resolve_job_def("spend").execute_in_process(raise_on_error=False)


def sabotaged_run(config: Path, at: int, kill: bool = False):
    path = str(load_config(config).warehouse_path)
    return run(config, SabotagedWarehouse(path=path, at=at, kill=kill))


def killed_in_environment(config: Path, at: int, environment: dict[str, str]) -> None:
    """A sabotaged run that kills its process, in `environment` (a process forked from a server started earlier
    has the server's, not its parent's)."""
    os.environ.clear()
    os.environ.update(environment)
    sabotaged_run(config, at, kill=True)
