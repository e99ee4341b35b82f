"""Ledger files whose payments would leave the published figures: a loaded file never leaves quietly.

A file that loaded payments in the last published run and now is gone, no longer matched, empty, or loads none of
its rows (a failed re-download, a rename to `.CSV`, the council's `.xlsx` put in its place) takes money out of every
figure. The ledger's blocking check `loaded_files_still_load` stops the run naming each such file, its payments and
money, until the file is restored or the analyst confirms the removal with `spend confirm-removal`, which the next
publishing run consumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from assets.sql import columns_of, state_table

#: Bookkeeping table of the removals the analyst confirmed and no run has published yet.
CONFIRMED_REMOVALS = "confirmed_removals"


@dataclass(frozen=True)
class Leaving:
    source_file: str
    payments: int
    amount: Decimal
    why: str


def loaded_by_file(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, Decimal]]:
    """Payments and money loaded from each file in ledger_transactions as it stands. Called before the ledger step
    changes anything, it also keeps, in temp table copies_before, which quarantined rows were copies of which
    loaded file: when that file leaves, its copies may carry its payments on."""
    if not columns_of(con, "ledger_transactions"):
        return {}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE copies_before AS SELECT * FROM ("
        " SELECT source_file, source_line, coalesce("
        "  nullif(regexp_extract(reason, '^file has the same content as (.+) \\(sha256 [0-9a-f]+\\)', 1), ''),"
        "  nullif(regexp_extract(reason, '^the same payment as (.+) line [0-9]+ \\(transaction number', 1), '')"
        " ) AS holder FROM ledger_quarantine) WHERE holder IS NOT NULL"
    )
    return {
        source_file: (payments, amount)
        for source_file, payments, amount in con.execute(
            "SELECT source_file, count(*), sum(amount) FROM ledger_transactions GROUP BY 1"
        ).fetchall()
    }


def leaving_files(
    con: duckdb.DuckDBPyConnection, before: dict[str, tuple[int, Decimal]], config_dir: Path
) -> list[Leaving]:
    """The files that loaded payments `before` and load none now that the ledger step has run, with why and the
    payments and money that leave with them: those their former copies elsewhere do not now carry on."""
    if not before:
        return []
    # files loading nothing now, bar those whose rows are all copies of rows loaded from another file
    now = {
        source_file: (size, problem or reason)
        for source_file, size, problem, reason, copies_only in con.execute(
            "SELECT f.source_file, f.bytes, f.problem, min(q.reason) FILTER (WHERE NOT q.is_copy),"
            " coalesce(bool_and(q.is_copy), false)"
            " FROM ledger_files AS f LEFT JOIN (SELECT source_file, reason, starts_with(reason, 'file has the same"
            " content as') OR starts_with(reason, 'the same payment as') AS is_copy FROM ledger_quarantine) AS q"
            " USING (source_file) WHERE f.source_file NOT IN (SELECT source_file FROM ledger_transactions)"
            " GROUP BY ALL"
        ).fetchall()
        if not copies_only
    }
    present = {row[0] for row in con.execute("SELECT source_file FROM ledger_files").fetchall()}
    carried_on = {
        holder: (rows, amount)
        for holder, rows, amount in con.execute(
            "SELECT c.holder, count(*), sum(t.amount) FROM copies_before AS c"
            " JOIN ledger_transactions AS t USING (source_file, source_line) GROUP BY c.holder"
        ).fetchall()
    }
    leaving = []
    for source_file, (payments, amount) in sorted(before.items()):
        if source_file in present and source_file not in now:
            continue
        carried_rows, carried_amount = carried_on.get(source_file, (0, Decimal(0)))
        if carried_rows >= payments and carried_amount == amount:
            continue  # a copy of it loads in its place
        if source_file not in now:
            why = _gone(config_dir, source_file)
        else:
            size, reason = now[source_file]
            why = (
                "is now empty (0 bytes)"
                if size == 0
                else f"now loads none of its rows: {reason}"
                if reason
                else "now holds no data rows"
            )
        leaving.append(Leaving(source_file, payments - carried_rows, amount - carried_amount, why))
    return leaving


def _gone(config_dir: Path, source_file: str) -> str:
    path = config_dir / source_file
    if path.exists():
        return "is no longer matched by the ledger globs or the landing folder"
    renamed = sorted(
        p.name
        for p in (path.parent.iterdir() if path.parent.is_dir() else [])
        if p.stem.lower() == path.stem.lower() and p.name != path.name
    )
    if renamed:
        return f"is gone; {', '.join(renamed)} lies beside it, which neither the ledger globs nor the landing read"
    return "is gone"


def confirmed(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The files whose removal the analyst confirmed, not yet published."""
    table = _confirmations(con)
    return {source_file for (source_file,) in con.execute(f"SELECT source_file FROM {table}").fetchall()}


def consume_confirmations(con: duckdb.DuckDBPyConnection) -> None:
    """A confirmation holds until a run publishes (this is done inside the run's transaction): after that, a file
    that loaded again and leaves again must be confirmed again."""
    con.execute(f"DELETE FROM {_confirmations(con)}").fetchall()


def confirm(con: duckdb.DuckDBPyConnection, files: list[str]) -> list[tuple[str, int, Decimal]]:
    """Record that each of `files` may leave the ledger; each must have loaded payments in the published tables.
    Returns each with its payments and money; raises ValueError naming files that loaded nothing."""
    loaded = loaded_by_file(con)
    unknown = [f for f in files if f not in loaded]
    if unknown:
        raise ValueError(
            f"no payments are loaded from {', '.join(unknown)}; files with loaded payments are named as in "
            f"ledger_files.source_file, e.g. {', '.join(sorted(loaded)[:3]) or '(none yet)'}"
        )
    table = _confirmations(con)
    con.executemany(
        f"INSERT INTO {table} SELECT ?, now() WHERE ? NOT IN (SELECT source_file FROM {table})",
        [[f, f] for f in files],
    )
    return [(f, *loaded[f]) for f in files]


def _confirmations(con: duckdb.DuckDBPyConnection) -> str:
    table = state_table(con, CONFIRMED_REMOVALS)
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} (source_file VARCHAR, confirmed_at TIMESTAMPTZ)")
    return table
