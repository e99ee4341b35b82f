"""The suppliers' portal as one more source of quarterly returns: every return submitted there (drafts are not
returns yet), written as a returns file in the returns layout, so that it passes the same expectations and
quarantine as the returns files. The pipeline only reads the portal's database (SQLite or PostgreSQL), with
nothing of Django; lines from it are named `portal` where a file's name would be."""

import csv
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

#: The returns layout (data/templates/returns.csv).
HEADER = [
    "Contract ID",
    "Measure ID",
    "Quarter",
    "Quantity",
    "Evidence",
    "Submitted On",
    "Status",
    "Verified Quantity",
    "Verified On",
    "Note",
]
SOURCE = "portal"
PORTAL_TIME_ZONE = ZoneInfo("Europe/London")
_RETURN_LINES = """
SELECT c.contract_id, m.measure_id, r.quarter, l.declared_quantity, r.evidence_text, r.submitted_at, r.status,
    l.verified_quantity, r.decided_at, s.email, d.email
FROM returns_quarterlyreturn AS r
JOIN returns_contract AS c ON c.id = r.contract_id
JOIN returns_returnline AS l ON l.quarterly_return_id = r.id
JOIN returns_measure AS m ON m.id = l.measure_id
LEFT JOIN returns_user AS s ON s.id = r.submitted_by_id
LEFT JOIN returns_user AS d ON d.id = r.decided_by_id
WHERE r.status <> 'draft'
ORDER BY r.submitted_at, r.id, m.measure_id
"""


_LAST_VERIFIED = "SELECT max(decided_at) FROM returns_quarterlyreturn WHERE status = 'verified'"
_STATE = """
SELECT count(*), max(coalesce(r.decided_at, r.submitted_at))
FROM returns_quarterlyreturn AS r JOIN returns_returnline AS l ON l.quarterly_return_id = r.id
WHERE r.status <> 'draft'
"""


def _query(url: str, base: Path, sql: str) -> list[tuple]:
    """`sql`'s rows from the portal's database, opened read-only where the driver allows."""
    if url.startswith("sqlite:///"):
        path = (base / url.removeprefix("sqlite:///")).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"social_value.portal: {path} does not exist (no portal database there)")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            return con.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as con:
        return con.execute(sql).fetchall()


def _local(value) -> datetime | None:
    """A time as the portal's database holds it (SQLite: UTC as text; PostgreSQL: with its zone), in the time zone
    the portal's screens show (portal/settings.py TIME_ZONE), so that a date here is the date a person saw there."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(PORTAL_TIME_ZONE)


def _date(value) -> str:
    return _local(value).date().isoformat() if value is not None else ""


def last_verified(url: str, base: Path) -> str | None:
    """When the portal last verified a return (as its database writes the time), None before the first."""
    value = _query(url, base, _LAST_VERIFIED)[0][0]
    return None if value is None else str(value)


def shown_url(url: str) -> str:
    """The portal's database URL as a table may show it: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def portal_state(url: str, base: Path) -> str:
    """What lies behind the figures from the portal, as closed years' inputs record it: its submitted return lines
    and when the latest was submitted or decided."""
    lines, latest = _query(url, base, _STATE)[0]
    return f"{lines} return lines, the latest submitted or decided at {_local(latest):%Y-%m-%d %H:%M:%S %Z}"


def write_portal_returns(url: str, base: Path, target: Path) -> int:
    """Write the portal's submitted return lines to `target` as a returns file; return how many."""
    rows = _query(url, base, _RETURN_LINES)
    with target.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for contract, measure, quarter, declared, evidence, submitted, status, verified, decided, by, checker in rows:
            note = f"submitted by {by}" + (f"; {status} by {checker}" if checker else "")
            out.writerow(
                [
                    contract,
                    measure,
                    quarter,
                    declared,
                    evidence,
                    _date(submitted),
                    status,
                    verified if status == "verified" else "",
                    _date(decided) if status == "verified" else "",
                    note,
                ]
            )
    return len(rows)
