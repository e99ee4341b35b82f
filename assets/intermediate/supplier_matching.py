"""Intermediate: ledger payees matched to suppliers, with the candidates an analyst should review.

Exact rules (id, company number, name) are SQL. For the payee names they leave unlinked, rapidfuzz scores every
supplier name (token-sort ratio of the normalised names, 0-100): one best candidate at or above `accept_score`
links; candidates from `review_score` up go to table supplier_match_review and are never accepted silently.
The analyst's decisions (accept / reject) live in a CSV the pipeline reads back on every run; `spend review`
writes the pending candidates into it.
"""

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import rapidfuzz
from dagster import AssetExecutionContext, AssetSpec, Failure, MaterializeResult, multi_asset
from rapidfuzz import fuzz, process

from assets.fingerprints import fingerprint
from core.config import SpendAnalysis
from core.sql import create_table, sql_beside, state_table
from core.warehouse import Warehouse

#: Columns of the decisions file, as `spend review` writes them; the pipeline reads ledger_name, the candidate
#: (supplier_id, else supplier_line, else supplier_name) and decision. Other columns are the analyst's own.
DECISION_COLUMNS = (
    "ledger_name", "supplier_id", "supplier_line", "supplier_name", "score", "payments", "spend", "decision"
)  # fmt: skip
REQUIRED_DECISION_COLUMNS = ("ledger_name", "supplier_name", "decision")
DECISIONS = ("accept", "reject")
#: Candidates kept per payee name.
CANDIDATES_PER_NAME = 3
#: Score matrix cells computed at once (4 bytes each): bounds memory whatever the number of names.
CELLS_PER_CHUNK = 12_500_000


def fuzzy_candidates(names: list[str], choices: pd.DataFrame, review_score: float) -> pd.DataFrame:
    """The best few suppliers for each name scoring at least `review_score`: name_key, supplier_key, score.

    `choices` has one row per supplier: supplier_key, name_key."""
    found: list[tuple[str, int, float]] = []
    if names and len(choices):
        keys = choices["supplier_key"].to_numpy()
        choice_names = choices["name_key"].tolist()
        step = max(1, CELLS_PER_CHUNK // len(choice_names))
        for start in range(0, len(names), step):
            chunk = names[start : start + step]
            scores = process.cdist(
                chunk, choice_names, scorer=fuzz.token_sort_ratio, score_cutoff=review_score, dtype=np.float32,
                workers=-1,
            )  # fmt: skip
            for row, name in enumerate(chunk):
                hits = np.flatnonzero(scores[row] >= max(review_score, 1e-9))  # below the cutoff scores 0
                best = hits[np.argsort(-scores[row, hits], kind="stable")][:CANDIDATES_PER_NAME]
                found.extend((name, int(keys[i]), round(float(scores[row, i]), 2)) for i in best)
    return pd.DataFrame(found, columns=["name_key", "supplier_key", "score"]).astype(
        {"name_key": "string", "supplier_key": "int64", "score": "float64"}
    )


def decisions_file(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The decisions file's header and rows with their line numbers. Spreadsheets save it as UTF-8 or as
    Windows-1252: both are read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [(reader.line_num, row) for row in reader]
    return list(reader.fieldnames or []), rows


def read_decisions(path: Path | None) -> pd.DataFrame:
    """The decided lines of the analyst's decisions file (absent: none yet); a malformed line is an error naming it."""
    columns = ["line", "ledger_name", "supplier_id", "supplier_line", "supplier_name", "decision"]
    decided: list[tuple] = []
    if path is not None and path.is_file():
        header, rows = decisions_file(path)
        missing = [c for c in REQUIRED_DECISION_COLUMNS if c not in header]
        if missing:
            raise Failure(f"{path}, line 1: decisions file has no column {', '.join(missing)}")
        for line, row in rows:
            decision = (row.get("decision") or "").strip().lower()
            if decision and decision not in DECISIONS:
                raise Failure(
                    f"{path}, line {line}: decision {row['decision']!r} is not one of "
                    f"{', '.join(DECISIONS)} (or empty, for not yet decided)"
                )
            if decision:
                decided.append((line, *(row.get(c) or None for c in columns[1:-1]), decision))
    return pd.DataFrame(decided, columns=columns).astype({c: "string" for c in columns[1:]})


def _decide(con, path: Path | None) -> None:
    """Temp table match_decisions: the last usable decision per (payee name, supplier). A line that names no
    single supplier, or one name accepted for two suppliers, is an error naming the lines."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE decision_lines AS {sql_beside(__file__, 'steps/match_decisions')}")
    problems = con.execute("SELECT line, problem FROM decision_lines WHERE problem IS NOT NULL").fetchall()
    if problems:
        raise Failure("\n".join(f"{path}, line {line}: {problem}" for line, problem in problems))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE match_decisions AS SELECT * FROM decision_lines"
        " QUALIFY row_number() OVER (PARTITION BY name_key, supplier_key ORDER BY line DESC) = 1"
    )
    conflicts = con.execute(
        "SELECT any_value(ledger_name), list(line ORDER BY line) FROM match_decisions WHERE decision = 'accept'"
        " GROUP BY name_key HAVING count(*) > 1 ORDER BY 2"
    ).fetchall()
    if conflicts:
        raise Failure(
            "\n".join(
                f"{path}, lines {', '.join(map(str, lines))}: {name!r} is accepted for {len(lines)} different "
                "suppliers; a payee name links to one (reject all but one)"
                for name, lines in conflicts
            )
        )


def _score_unlinked_names(context, con, review_score: float) -> None:
    """Temp table match_candidates: fuzzy_candidates for every payee name the exact rules leave unlinked. Scores
    depend only on the name and the suppliers' names, so they are kept (table pipeline_state.fuzzy_candidates, a
    name scored with no candidate as a row without supplier) and only names not scored against the same suppliers,
    threshold and code are scored: after a new month, its new names."""
    choices = con.execute("SELECT supplier_key, name_key FROM suppliers ORDER BY supplier_key").df()
    suppliers = hashlib.sha256(
        "\n".join(f"{k}\t{n}" for k, n in zip(choices["supplier_key"], choices["name_key"], strict=True)).encode()
    ).hexdigest()
    key = fingerprint("fuzzy_candidates", rapidfuzz.__version__, review_score, suppliers)
    kept = state_table(con, "fuzzy_candidates")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {kept} (choices_key VARCHAR, name_key VARCHAR, supplier_key BIGINT, score DOUBLE)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE unlinked_names AS SELECT DISTINCT name_key FROM payee_links"
        " WHERE exact_method IS NULL AND named_company_number IS NULL AND name_key IS NOT NULL"
    )
    new = [
        name
        for (name,) in con.execute(
            f"SELECT name_key FROM unlinked_names ANTI JOIN (SELECT name_key FROM {kept} WHERE choices_key = $key)"
            " USING (name_key) ORDER BY 1",
            {"key": key},
        ).fetchall()
    ]
    con.register("new_candidates", fuzzy_candidates(new, choices, review_score))
    con.register("new_names", pd.DataFrame({"name_key": pd.Series(new, dtype="string")}))
    con.execute(
        f"DELETE FROM {kept} WHERE choices_key <> $key OR name_key NOT IN (SELECT name_key FROM unlinked_names)",
        {"key": key},
    ).fetchall()
    con.execute(
        f"INSERT INTO {kept} SELECT $key, n.name_key, c.supplier_key, c.score"
        " FROM new_names AS n LEFT JOIN new_candidates AS c USING (name_key)",
        {"key": key},
    ).fetchall()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE match_candidates AS"
        f" SELECT name_key, supplier_key, score FROM {kept} WHERE supplier_key IS NOT NULL"
    )
    context.log.info(f"fuzzy matching: {len(new)} payee names scored this run, the others' scores kept")


@multi_asset(
    specs=[
        AssetSpec(
            "supplier_matches",
            group_name="location",
            deps=["ledger_transactions", "suppliers", "companies"],
            description="One row per distinct ledger payee: the supplier or company it is linked to, how, and score.",
        ),
        AssetSpec(
            "supplier_match_review",
            group_name="location",
            deps=["ledger_transactions", "suppliers"],
            description="Fuzzy candidate matches with scores and status (pending, accepted, rejected, "
            "linked_by_score), for the analyst to decide; `spend review` writes them to the decisions file.",
        ),
    ],
)
def supplier_matching(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse):
    """Link payees by exact rules, then score the rest against the supplier file, then apply the decisions."""
    config = analysis.load()
    matching = config.supplier_matching
    with warehouse.connection() as con:
        markers = [m.lower() for m in config.redaction_markers]
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE supplier_payees AS {sql_beside(__file__, 'steps/supplier_payees')}",
            {"redaction_markers": markers},
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE payee_links AS {sql_beside(__file__, 'steps/payee_links')}")
        _score_unlinked_names(context, con, matching.review_score)
        con.register("decision_rows", read_decisions(config.match_decisions_path))
        _decide(con, config.match_decisions_path)
        counts = {
            "supplier_matches": create_table(
                con,
                "supplier_matches",
                sql_beside(__file__, "supplier_matches"),
                {"accept_score": matching.accept_score},
            ),
            "supplier_match_review": create_table(
                con, "supplier_match_review", sql_beside(__file__, "supplier_match_review")
            ),
        }
        by_method = con.execute(
            "SELECT link_method, sum(payments), sum(spend) FROM supplier_matches GROUP BY 1 ORDER BY 3 DESC"
        ).fetchall()
        pending = con.execute("SELECT count(*) FROM supplier_match_review WHERE status = 'pending'").fetchall()[0][0]
    if pending:
        context.log.warning(f"{pending} candidate supplier matches await review: see supplier_match_review")
    yield MaterializeResult(
        asset_key="supplier_matches",
        metadata={"payees": counts["supplier_matches"], **{f"spend linked by {m}": float(s) for m, _, s in by_method}},
    )
    yield MaterializeResult(
        asset_key="supplier_match_review", metadata={"candidates": counts["supplier_match_review"], "pending": pending}
    )
