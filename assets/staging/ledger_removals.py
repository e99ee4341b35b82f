"""Ledger payments that would leave the published figures: a loaded file never leaves quietly.

A file that loaded payments in the last published run and now is gone, no longer matched, empty, unreadable or
loads none of its rows (a failed re-download, a rename, another month's bytes saved over it) takes money out of
every figure. The ledger's blocking check `loaded_files_still_load` stops the run naming each such file, with the
payments and money that would leave, until the file is restored or the analyst confirms the removal with `spend
confirm-removal` (which the next publishing run uses up).

What leaves is decided by the payments, not the files: before the ledger changes, the payments (date, amount,
supplier, transaction number) of every file that may lose them (gone, changed, or parsed under other rules) are
kept aside; afterwards, those no longer loaded from any file are leaving. A file whose rows another file now holds
(a republished copy, a renamed file) loses nothing; a changed file that still loads but lost payments is named in
a warning, since councils correct published files.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
from dagster import AssetCheckResult

from assets.staging.source_files import source_path
from core.formatting import money
from core.sql import columns_of, state_table

#: Bookkeeping table of the removals the analyst confirmed and no run has published yet.
CONFIRMED_REMOVALS = "confirmed_removals"
#: What makes two loaded rows the same payment (as ledger_copies judges copies), NULLs made comparable.
_PAYMENT = (
    "payment_date, amount, coalesce(normalise_name(supplier_name), '') AS name_key,"
    " coalesce(transaction_number, '') AS transaction_number"
)
_PAYMENT_KEY = "payment_date, amount, name_key, transaction_number"


@dataclass(frozen=True)
class Leaving:
    source_file: str
    payments: int
    amount: Decimal
    why: str | None  # None: the file still loads, but lost these payments


def loaded_by_file(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, Decimal]]:
    """Payments and money loaded from each file in ledger_transactions as it stands."""
    if not columns_of(con, "ledger_transactions"):
        return {}
    return {
        source_file: (payments, amount)
        for source_file, payments, amount in con.execute(
            "SELECT source_file, count(*), sum(amount) FROM ledger_transactions GROUP BY 1"
        ).fetchall()
    }


def set_aside(con: duckdb.DuckDBPyConnection, files: list[str]) -> None:
    """Before the ledger step changes anything (and when ledger_transactions exists): the payments loaded from
    `files`, those that may lose them, in temp table payments_set_aside."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE payments_set_aside AS SELECT source_file, source_line, {_PAYMENT}"
        " FROM ledger_transactions WHERE list_contains($files, source_file)",
        {"files": files},
    )


def leaving(con: duckdb.DuckDBPyConnection, before: dict[str, tuple[int, Decimal]], config_dir: Path) -> list[Leaving]:
    """After the ledger step: the payments set aside that no file loads now, by the file they were loaded from,
    with why when that file loads nothing now (gone, empty, unreadable, rejected)."""
    if not before:
        return []
    # each payment counted as often as it was loaded: two equal lines of one transaction are two payments
    lost = con.execute(
        f"WITH set_aside AS (SELECT *, row_number() OVER (PARTITION BY {_PAYMENT_KEY} ORDER BY source_file,"
        f" source_line) AS copy FROM payments_set_aside),"
        f" loaded AS (SELECT {_PAYMENT_KEY}, row_number() OVER (PARTITION BY {_PAYMENT_KEY}) AS copy"
        f" FROM (SELECT {_PAYMENT} FROM ledger_transactions) SEMI JOIN set_aside USING ({_PAYMENT_KEY}))"
        f" SELECT source_file, count(*), sum(amount) FROM set_aside ANTI JOIN loaded USING ({_PAYMENT_KEY}, copy)"
        " GROUP BY source_file ORDER BY source_file"
    ).fetchall()
    loading = {f for (f,) in con.execute("SELECT DISTINCT source_file FROM ledger_transactions").fetchall()}
    now = dict(
        con.execute(
            "SELECT f.source_file, CASE WHEN f.bytes = 0 THEN 'is now empty (0 bytes)'"
            " WHEN f.problem IS NOT NULL THEN 'now loads none of its rows: ' || f.problem"
            " WHEN f.data_rows = 0 THEN 'now holds no data rows'"
            " WHEN f.source_file IN (SELECT source_file FROM ledger_transactions)"
            "  THEN 'now holds none of the payments it loaded' || coalesce(' (it has the same content as '"
            "  || (SELECT min(o.source_file) FROM ledger_files AS o WHERE o.content_key = f.content_key"
            "   AND o.source_file <> f.source_file) || ')', '')"
            " ELSE 'now loads none of its rows: ' || (SELECT min(q.reason) FROM ledger_quarantine AS q"
            "  WHERE q.source_file = f.source_file) END"
            " FROM ledger_files AS f"
        ).fetchall()
    )
    return [
        Leaving(
            source_file,
            payments,
            amount,
            # a file that still loads some of its payments changed; one that kept none is leaving
            None
            if source_file in loading and payments < before[source_file][0]
            else now.get(source_file) or _gone(config_dir, source_file, set(now)),
        )
        for source_file, payments, amount in lost
    ]


def _gone(config_dir: Path, source_file: str, present: set[str]) -> str:
    """Why a file no longer in the ledger is not: renamed, no longer matched, a sheet gone, or gone."""
    path = source_path(config_dir, source_file)
    if path.exists():
        if path != config_dir / source_file:
            return f"is no longer a sheet with a ledger header in {path.name}"
        return "is no longer matched by the ledger globs or the landing folder"
    beside = sorted(
        p.name
        for p in (path.parent.iterdir() if path.parent.is_dir() else [])
        if p.stem.lower() == path.stem.lower() and p.name != path.name
    )
    if not beside:
        return "is gone"
    read = [name for name in beside if any(f.rsplit("/", 1)[-1].split("#")[0] == name for f in present)]
    unread = [name for name in beside if name not in read]
    return "is gone; " + "; ".join(
        [f"{', '.join(unread)} lies beside it, which the ledger globs do not match"] * bool(unread)
        + [f"{', '.join(read)} lies beside it, read, but without these payments"] * bool(read)
    )


def check_result(leaving: list[Leaving], confirmed: set[str], config_path: str) -> AssetCheckResult:
    """The result of check ledger_files:loaded_files_still_load: failed while a file would take its payments out of
    the figures unconfirmed, naming each with its payments, money and why, and the command that confirms it."""
    unconfirmed = [f for f in leaving if f.why is not None and f.source_file not in confirmed]
    description = "; ".join(
        f"{f.source_file} loaded {f.payments:,} payments ({money(f.amount)}) in the last published run and {f.why}"
        for f in unconfirmed
    )
    if unconfirmed:
        names = " ".join(shlex.quote(f.source_file) for f in unconfirmed)
        description += (
            f". Restore the file, or confirm that its payments leave: spend confirm-removal --config "
            f"{shlex.quote(config_path)} {names}"
        )
    return AssetCheckResult(
        asset_key="ledger_files",
        check_name="loaded_files_still_load",
        passed=not unconfirmed,
        description=description or None,
        metadata={
            "files leaving unconfirmed": len(unconfirmed),
            "files leaving as confirmed": sum(f.why is not None for f in leaving) - len(unconfirmed),
            "payments leaving": sum(f.payments for f in leaving),
            "amount leaving": str(sum((f.amount for f in leaving), Decimal(0))),
        },
    )


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
