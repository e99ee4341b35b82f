"""The Celery path's tools for tests: Debian's redis-server on a free loopback port and Celery workers started as a
user starts them (`spend national worker`), their logs kept; and a comparison of two national storages."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from tests.browser import free_port
from tests.helpers import ROOT

#: Columns naming the run that wrote a row, or when: different in any two runs.
RUN_COLUMNS = {"run_id", "published_at", "frozen_by_run", "frozen_at"}


class Workers:
    """Redis and named Celery workers of one test."""

    def __init__(self, folder: Path, url: str):
        self.folder, self.url = folder, url
        self.processes: dict[str, subprocess.Popen] = {}

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text()

    def wait_for(self, name: str, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log(name):
            assert self.processes[name].poll() is None, f"worker {name} stopped:\n{self.log(name)[-3000:]}"
            assert time.monotonic() < deadline, f"worker {name} did not say {text!r}:\n{self.log(name)[-3000:]}"
            time.sleep(0.2)

    def kill_step(self, name: str) -> None:
        """Kill -9 the process running the worker's step (its one pool process), as the kernel's OOM killer would."""
        (step,) = _children(self.processes[name].pid)
        os.kill(step, signal.SIGKILL)


@contextlib.contextmanager
def celery_workers(folder: Path, names: tuple[str, ...]) -> Iterator[Workers]:
    """Redis on a free loopback port and a worker per name, ready; all stopped afterwards."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (`make test` installs Debian's)"
    folder.mkdir(parents=True)
    port = free_port()
    redis = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    workers = Workers(folder, f"redis://127.0.0.1:{port}/0")
    try:
        for name in names:
            command = [sys.executable, "-m", "pipelines.cli", "national", "worker", "--celery", workers.url]
            with (folder / f"{name}.log").open("w") as log:
                workers.processes[name] = subprocess.Popen(
                    [*command, "--name", name], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
        for name in names:
            workers.wait_for(name, " ready.")
        yield workers
    finally:
        for process in workers.processes.values():
            process.terminate()
        for process in workers.processes.values():
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.terminate()
        redis.wait(30)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def same_tables(one: Path, other: Path) -> None:
    """Two national storages hold the same rows: every Parquet table (but the columns naming runs) and every table
    of national.duckdb."""
    tables = sorted(p.name for p in one.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert tables == sorted(p.name for p in other.iterdir() if p.is_dir() and not p.name.startswith("."))
    read = "read_parquet('{}/{}/**/*.parquet', hive_partitioning = true)"
    with duckdb.connect() as con:
        for table in tables:
            described = con.execute(f"DESCRIBE SELECT * FROM {read.format(one, table)}").fetchall()
            columns = [name for (name, *_) in described]
            kept = ", ".join(f'"{c}"' for c in columns if c not in RUN_COLUMNS)
            a, b = (f"SELECT {kept} FROM {read.format(folder, table)}" for folder in (one, other))
            assert _difference(con, a, b) == [], table
        con.execute(f"ATTACH '{one / 'national.duckdb'}' AS one (READ_ONLY)")
        con.execute(f"ATTACH '{other / 'national.duckdb'}' AS other (READ_ONLY)")
        found = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'one'")
        for schema, table in found.fetchall():
            a, b = (f"SELECT * FROM {side}.{schema}.{table}" for side in ("one", "other"))
            assert _difference(con, a, b) == [], table


def _difference(con, a: str, b: str) -> list[tuple]:
    """The rows of one query and not the other, counting duplicates."""
    return con.execute(f"({a} EXCEPT ALL {b}) UNION ALL ({b} EXCEPT ALL {a})").fetchall()
