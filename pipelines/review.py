"""`spend review`: the candidate supplier matches awaiting a decision, written into the analyst's decisions file.

The file is the analyst's: rows already in it are kept as they are, decided or not; candidates not yet in it are
appended, largest spend first, with an empty decision to fill in with accept or reject. The next run reads it.
"""

import csv
from pathlib import Path

import duckdb

from assets.intermediate.supplier_matching import DECISION_COLUMNS
from pipelines.config import AnalysisConfig, ConfigError


def write_review(config: AnalysisConfig) -> tuple[Path, int, int]:
    """Append the pending candidates to the decisions file: (path, candidates added, rows without a decision)."""
    path = config.match_decisions_path
    if path is None:
        raise ConfigError(
            f"{config.config_dir}: the analysis names no decisions file; add for example\n"
            "  supplier_matching: {decisions: supplier_match_decisions.csv}"
        )
    with duckdb.connect(str(config.warehouse_path), read_only=True) as con:
        pending = con.execute(
            "SELECT ledger_name, coalesce(supplier_id, ''), supplier_name, score, payments, CAST(spend AS VARCHAR), ''"
            " FROM supplier_match_review WHERE status = 'pending' ORDER BY spend DESC, ledger_name, score DESC"
        ).fetchall()
    existing: list[dict[str, str]] = []
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            existing = list(csv.DictReader(handle))
    seen = {(r.get("ledger_name"), r.get("supplier_id") or "", r.get("supplier_name")) for r in existing}
    added = [dict(zip(DECISION_COLUMNS, row, strict=True)) for row in pending if row[:3] not in seen]
    rows = existing + added
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(DECISION_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path, len(added), sum(1 for r in rows if not (r.get("decision") or "").strip())
