"""The warehouse as a run writes it: one DuckDB connection and one transaction for the whole run, published at its end.

Every table a run builds is built inside one transaction that no other connection sees. The last step,
`published_runs`, runs only when every asset was built and every blocking check passed, and commits them all at
once (with the files that go with them, such as the ingest quality page). A run that fails, is interrupted or is
killed before then publishes nothing: every published table stays exactly as the last good run left it. (What the
checks that run after it remember of what they validated is kept when the run ends.)

Scratch files (decoded copies of ledger files, extracted zips, DuckDB's spill files) live in one folder beside the
warehouse: removed when the run ends, and, after a run that was killed, when the next one starts.

Problems with the file itself (in use by another process, read-only, a folder, not a DuckDB file) are reported
at once in one line, instead of after DuckDB's retries.
"""

from __future__ import annotations

import re
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext
from pydantic import PrivateAttr

from core.snapshot import write_snapshot
from core.sql import columns_of, install_macros, sql_literal


class WarehouseError(Exception):
    """The warehouse file cannot be used as asked; the message says why in one line."""


def scratch_folder(path: Path) -> Path:
    """The run's scratch folder, beside the warehouse."""
    return path.with_name(path.name + ".scratch")


def _in_use(path: Path, exc: duckdb.Error) -> WarehouseError | None:
    held = re.search(r"Conflicting lock is held in (\S+) \(PID (\d+)\)", str(exc))
    if held is None:
        return None
    return WarehouseError(
        f"{path} is in use by another process (PID {held.group(2)}, {Path(held.group(1)).name}): a run in progress, "
        "a notebook or a dashboard holding it open; close it, or wait for the run to end, and try again"
    )


def _check_writable(path: Path) -> None:
    """Refuse a warehouse that cannot or must not be written: by permission, or by its write bits being cleared
    (which the root user would otherwise ignore)."""
    for target, what in ((path, "file"), (path.parent, "folder")):
        if target.exists() and (not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
            raise WarehouseError(f"{target} is read-only: the warehouse {what} must be writable for a run")
    if path.parent.exists() and not path.parent.is_dir():
        raise WarehouseError(f"{path.parent} is a file, not a folder: the warehouse cannot be created in it")


def open_warehouse(
    path: Path, read_only: bool = False, config: dict[str, str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file at `path`, or a WarehouseError saying in one line why there is none."""
    if path.is_dir():
        raise WarehouseError(f"{path} is a folder: `warehouse` must name a DuckDB file, such as out/spend.duckdb")
    if read_only and not path.exists():
        raise WarehouseError(f"{path} does not exist: no run has published to it yet (run `spend run` first)")
    if not read_only:
        _check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config or {})
    except duckdb.Error as exc:
        in_use = _in_use(path, exc)
        if in_use is not None:
            raise in_use from exc
        message = str(exc).splitlines()[0]
        raise WarehouseError(f"{path} cannot be opened as a DuckDB warehouse: {message}") from exc


def open_published(path: Path, table: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the tables the last good run published, or a WarehouseError when `table`, which
    the caller reads, is not among them (no run yet, or only failed ones)."""
    con = open_warehouse(path, read_only=True)
    if not columns_of(con, table):
        published = columns_of(con, "published_runs")
        con.close()
        if published:
            raise WarehouseError(
                f"{path} holds no table {table}: it was published by an earlier version; run `spend run` to rebuild it"
            )
        raise WarehouseError(f"{path} holds no published tables yet: no run has succeeded (run `spend run` first)")
    return con


@dataclass
class _Run:
    con: duckdb.DuckDBPyConnection
    scratch: Path
    staged_files: dict[Path, Path] = field(default_factory=dict)  # final path -> its staged copy in scratch
    published: bool = False
    aborted_by: str | None = None  # the DuckDB error that aborted the run's transaction


class Warehouse(ConfigurableResource):
    """The analysis's DuckDB warehouse, written by one run in one transaction and published by `published_runs`."""

    path: str
    memory_limit: str = "3GB"
    _run: _Run | None = PrivateAttr(default=None)

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[Warehouse]:
        path = Path(self.path)
        con = open_warehouse(path, config={"memory_limit": self.memory_limit})
        scratch = scratch_folder(path)
        try:
            shutil.rmtree(scratch, ignore_errors=True)  # left by a killed run: the lock says no run holds it now
            scratch.mkdir()
            con.execute(f"SET temp_directory = {sql_literal((scratch / 'duckdb').as_posix())}")
            # No vacuuming at checkpoints: DuckDB would merge the row groups that appending a batch of files at a
            # time leaves part-filled, a few at each checkpoint, rewriting them (11 s, then 5 s, for a one-row
            # change to a 10 M-payment warehouse). Tables a run replaces are written whole anyway; only the few
            # rows a new month deletes stay as holes.
            con.execute("SET max_vacuum_tasks = 0")
            install_macros(con)
            con.execute("BEGIN TRANSACTION")
            self._run = _Run(con, scratch)
            yield self
        finally:
            published = self._run is not None and self._run.published
            try:  # after publishing, only what checks remember remains to commit; else nothing is kept
                con.execute("COMMIT" if published else "ROLLBACK")
            except duckdb.Error as exc:  # a failed check's: the next run validates again what it would have kept
                if published and context.log is not None:
                    context.log.warning(f"what the checks after publishing remember was not kept: {exc}")
            con.close()
            self._run = None
            shutil.rmtree(scratch, ignore_errors=True)
            if not published and context.log is not None:
                context.log.info(f"nothing published to {path}: its tables are those of the last good run")

    def _current(self) -> _Run:
        if self._run is None:
            raise RuntimeError("the warehouse is used only inside a run")
        return self._run

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The run's connection, for one step. Temp tables and views the step makes are dropped after it, so that
        memory does not grow over the run."""
        run = self._current()
        if run.aborted_by is not None:
            raise RuntimeError(
                f"not run: an earlier step's error aborted the run's transaction, so nothing will be published "
                f"({run.aborted_by})"
            )
        con = run.con
        before = _temporaries(con)
        try:
            yield con
        except duckdb.Error as exc:  # DuckDB refuses every later statement of the transaction
            run.aborted_by = str(exc).splitlines()[0]
            raise
        finally:
            with suppress(duckdb.Error):  # an aborted transaction fails the run anyway
                for name, kind in _temporaries(con) - before:
                    if kind == "VIEW":
                        con.execute(f'DROP VIEW IF EXISTS temp."{name}"')
                    else:
                        con.execute(f'DROP TABLE IF EXISTS temp."{name}"')

    def scratch(self, name: str) -> Path:
        """An empty folder of the run's scratch, removed with it."""
        folder = self._current().scratch / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def stage_file(self, target: Path, text: str) -> None:
        """Write `target` when the run publishes, not before: a failed run leaves the last good run's file."""
        run = self._current()
        staged = run.scratch / "staged" / str(len(run.staged_files))
        staged.parent.mkdir(exist_ok=True)
        staged.write_text(text, encoding="utf-8")
        run.staged_files[target] = staged

    def publish(self, snapshot: Iterable[str] = ()) -> None:
        """Commit every table the run built, move its staged files into place and copy the tables `snapshot` names
        into the snapshot readers use (core/snapshot.py). A transaction stays open for the checks that run after
        this step, whose bookkeeping is kept when the run ends."""
        run = self._current()
        run.con.execute("COMMIT")
        run.published = True
        for target, staged in run.staged_files.items():
            shutil.move(staged, target)
        run.staged_files.clear()
        write_snapshot(run.con, Path(self.path), snapshot)
        # Fold the run's changes into the file now, with less memory than the run had: DuckDB would otherwise do
        # it when the connection closes, the run's pages still cached beside it (over 4 GiB at 10 M payments).
        run.con.execute(f"SET memory_limit = '{_two_thirds(self.memory_limit)}'")
        run.con.execute("CHECKPOINT")
        run.con.execute(f"SET memory_limit = '{self.memory_limit}'")
        run.con.execute("BEGIN TRANSACTION")


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)
_UNIT_MB = {"KB": 1e-3, "MB": 1, "GB": 1e3, "TB": 1e6, "KIB": 1.024e-3, "MIB": 1.048576, "GIB": 1073.741824,
            "TIB": 1099511.627776}  # fmt: skip


def _two_thirds(memory_limit: str) -> str:
    """Two thirds of a DuckDB memory limit such as '3GB' (the limit itself when it is not a size, e.g. '80%')."""
    size = _SIZE.match(memory_limit)
    return f"{round(float(size[1]) * _UNIT_MB[size[2].upper()] * 2 / 3)}MB" if size else memory_limit


def _temporaries(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(
        con.execute(
            "SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary"
            " UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary AND NOT internal"
        ).fetchall()
    )
