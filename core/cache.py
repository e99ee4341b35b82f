"""Reference data read once per machine and shared by every analysis: Parquet files keyed by a fingerprint.

A postcode directory is the same for every analysis on a machine (and for every council of a national run): the
first analysis to read a set of directories keeps the result here, and the next ones load it in a second instead of
reading millions of postcodes again. The folder is $SPEND_CACHE, else $XDG_CACHE_HOME/council-spend, else
~/.cache/council-spend. A file is written under a temporary name and renamed into place, so that a run killed while
writing, or two runs at once, never leave a partial file under a key. Nothing is evicted: delete the folder to
reclaim the space (the two Code-Point Open vintages take about 40 MB).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb

from core.sql import sql_literal

ENV_VAR = "SPEND_CACHE"


def cache_folder() -> Path:
    """Where the cache lives on this machine."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "council-spend"


def cached_file(name: str, key: str, suffix: str = ".parquet") -> Path:
    """The file that holds `name` (a table, or what was found of one) for what `key` fingerprints (it may not exist
    yet)."""
    return cache_folder() / name / f"{key}{suffix}"


def readable_table(name: str, key: str) -> Path | None:
    """The cached Parquet file of table `name` for `key`, when there is one DuckDB can read; None otherwise (a file
    damaged on disk is read on a connection of its own, so that it never aborts a run's transaction)."""
    path = cached_file(name, key)
    if not path.is_file():
        return None
    try:
        with duckdb.connect() as con:
            con.execute(f"SELECT count(*) FROM read_parquet({sql_literal(path.as_posix())})").fetchall()
    except duckdb.Error:
        return None
    return path


def keep_text_in_cache(name: str, key: str, text: str, suffix: str = ".json") -> Path:
    """Write `text` to the cache under `key`; raises OSError when the cache cannot be written."""
    return _write_atomically(cached_file(name, key, suffix), lambda partial: partial.write_text(text, encoding="utf-8"))


def keep_in_cache(con: duckdb.DuckDBPyConnection, table: str, key: str) -> Path:
    """Write `table` to the cache under `key`; raises OSError or duckdb.Error when the cache cannot be written."""
    return _write_atomically(
        cached_file(table, key),
        lambda partial: con.execute(f"COPY {table} TO {sql_literal(partial.as_posix())} (FORMAT parquet)"),
    )


def _write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """`write` a file under a temporary name beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{uuid.uuid4().hex}.partial")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
