"""Intermediate: ledger payees matched to suppliers, with the candidates an analyst should review.

Exact rules (id, company number, name) are SQL. For the payee names they leave unlinked, rapidfuzz scores every
supplier name (token-sort ratio of the normalised names, 0-100): one best candidate at or above `accept_score`
links; candidates from `review_score` up go to table supplier_match_review and are never accepted silently.
The analyst's decisions (accept / reject) live in a CSV the pipeline reads back on every run; `spend review`
writes the pending candidates into it.
"""

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from dagster import AssetExecutionContext, AssetSpec, Failure, MaterializeResult, multi_asset
from dagster_duckdb import DuckDBResource
from rapidfuzz import fuzz, process

from assets.sql import publish, sql_beside, warehouse
from pipelines.resources import SpendAnalysis

#: Columns of the decisions file, as `spend review` writes them; the pipeline reads ledger_name,
#: supplier_id / supplier_name (the candidate) and decision.
DECISION_COLUMNS = ("ledger_name", "supplier_id", "supplier_name", "score", "payments", "spend", "decision")
DECISIONS = ("accept", "reject")
#: Candidates kept per payee name.
CANDIDATES_PER_NAME = 3
#: Score matrix cells computed at once (bytes of memory): bounds memory whatever the number of names.
CELLS_PER_CHUNK = 50_000_000


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
                chunk, choice_names, scorer=fuzz.token_sort_ratio, score_cutoff=review_score, dtype=np.uint8,
                workers=-1,
            )  # fmt: skip
            for row, name in enumerate(chunk):
                hits = np.flatnonzero(scores[row])
                best = hits[np.argsort(-scores[row, hits], kind="stable")][:CANDIDATES_PER_NAME]
                found.extend((name, int(keys[i]), float(scores[row, i])) for i in best)
    return pd.DataFrame(found, columns=["name_key", "supplier_key", "score"]).astype(
        {"name_key": "string", "supplier_key": "int64", "score": "float64"}
    )


def read_decisions(path: Path | None) -> pd.DataFrame:
    """The analyst's decisions file (absent: none yet). A bad decision is an error naming its line."""
    rows: list[tuple[int, str, str, str, str]] = []
    if path is not None and path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [
                c
                for c in ("ledger_name", "supplier_id", "supplier_name", "decision")
                if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise Failure(f"{path}, line 1: decisions file has no column {', '.join(missing)}")
            for row in reader:
                decision = (row["decision"] or "").strip().lower()
                if decision and decision not in DECISIONS:
                    raise Failure(
                        f"{path}, line {reader.line_num}: decision {row['decision']!r} is not one of "
                        f"{', '.join(DECISIONS)} (or empty, for not yet decided)"
                    )
                if decision:
                    rows.append((reader.line_num, row["ledger_name"] or "", row["supplier_id"] or "",
                                 row["supplier_name"] or "", decision))  # fmt: skip
    return pd.DataFrame(rows, columns=["line", "ledger_name", "supplier_id", "supplier_name", "decision"])


@multi_asset(
    specs=[
        AssetSpec(
            "supplier_matches",
            group_name="intermediate",
            deps=["ledger_transactions", "suppliers", "companies"],
            description="One row per distinct ledger payee: the supplier or company it is linked to, how, and score.",
        ),
        AssetSpec(
            "supplier_match_review",
            group_name="intermediate",
            deps=["ledger_transactions", "suppliers"],
            description="Fuzzy candidate matches with scores and status (pending, accepted, rejected, "
            "linked_by_score), for the analyst to decide; `spend review` writes them to the decisions file.",
        ),
    ],
)
def supplier_matching(context: AssetExecutionContext, analysis: SpendAnalysis, duckdb: DuckDBResource):
    """Link payees by exact rules, then score the rest against the supplier file, then apply the decisions."""
    config = analysis.load()
    matching = config.supplier_matching
    with warehouse(duckdb) as con:
        markers = [m.lower() for m in config.redaction_markers]
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE supplier_payees AS {sql_beside(__file__, 'supplier_payees')}",
            {"redaction_markers": markers},
        )
        unlinked = [
            name
            for (name,) in con.execute(
                "SELECT DISTINCT p.name_key FROM supplier_payees AS p"
                " WHERE NOT p.redacted AND p.name_key IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM suppliers AS s WHERE s.supplier_id = p.supplier_id"
                "   OR s.company_number_key = p.company_number_key OR s.name_key = p.name_key)"
                " ORDER BY 1"
            ).fetchall()
        ]
        choices = con.execute("SELECT supplier_key, name_key FROM suppliers ORDER BY supplier_key").df()
        candidates = fuzzy_candidates(unlinked, choices, matching.review_score)
        con.register("match_candidates", candidates)
        con.register("decision_rows", read_decisions(config.match_decisions_path))
        unknown = con.execute(sql_beside(__file__, "match_decisions_unknown")).fetchall()
        if unknown:
            line, name, supplier = unknown[0]
            raise Failure(
                f"{config.match_decisions_path}, line {line}: the decision for {name!r} names supplier {supplier!r}, "
                f"which names no single supplier of the supplier file (by supplier_id, else by name); "
                f"{len(unknown)} such line(s)"
            )
        con.execute(f"CREATE OR REPLACE TEMP TABLE match_decisions AS {sql_beside(__file__, 'match_decisions')}")
        counts = publish(
            con,
            [
                ("supplier_matches", sql_beside(__file__, "supplier_matches"), {"accept_score": matching.accept_score}),
                ("supplier_match_review", sql_beside(__file__, "supplier_match_review"), None),
            ],
        )
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
