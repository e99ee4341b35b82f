"""`spend review`: the candidate supplier matches awaiting a decision, written into the analyst's decisions file.

The file is the analyst's: rows already in it are kept as they are, decided or not, with any columns of the
analyst's own; candidates not yet in it are appended, largest spend first, with an empty decision to fill in with
accept or reject. The next run reads it. Rewritten as UTF-8 whatever it was saved as.
"""

import csv
from pathlib import Path

from assets.intermediate.supplier_matching import DECISION_COLUMNS, decisions_file
from core.config import AnalysisConfig, ConfigError
from core.warehouse import open_published


def write_review(config: AnalysisConfig) -> tuple[Path, int, int]:
    """Append the pending candidates to the decisions file: (path, candidates added, rows without a decision)."""
    path = config.match_decisions_path
    if path is None:
        raise ConfigError(
            f"{config.config_dir}: the analysis names no decisions file; add for example\n"
            "  supplier_matching: {decisions: supplier_match_decisions.csv}"
        )
    with open_published(config.warehouse_path, "supplier_match_review") as con:
        pending = con.execute(
            "SELECT ledger_name, coalesce(supplier_id, ''), CAST(supplier_line AS VARCHAR), supplier_name,"
            " CAST(score AS VARCHAR), CAST(payments AS VARCHAR), CAST(spend AS VARCHAR), ''"
            " FROM supplier_match_review WHERE status = 'pending' ORDER BY spend DESC, ledger_name, score DESC"
        ).fetchall()
    header, existing = decisions_file(path) if path.is_file() else ([], [])
    rows = [row for _, row in existing]
    seen = {(r.get("ledger_name"), r.get("supplier_id") or "", r.get("supplier_name")) for r in rows}
    added = [dict(zip(DECISION_COLUMNS, row, strict=True)) for row in pending if (row[0], row[1], row[3]) not in seen]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        # the analyst's own columns stay, in their place; the pipeline's are added where missing
        writer = csv.DictWriter(handle, fieldnames=header + [c for c in DECISION_COLUMNS if c not in header])
        writer.writeheader()
        writer.writerows(rows + added)
    undecided = sum(1 for r in rows + added if not (r.get("decision") or "").strip())
    return path, len(added), undecided
