"""What each step's result depends on, decided here and nowhere else: a step redoes its work only when its
fingerprint changes, and every fingerprint is kept in the warehouse's schema pipeline_state.

A step's fingerprint covers
- its SQL and the shared macros, as text without comment lines: editing a comment redoes nothing;
- `STEPS[step].version`, the version of its rules written in Python. Bump it with any change to what they produce.
  Docstrings and comments are not code: `tests/assets/test_fingerprints.py` fails when the code of a step's rules
  changes while its `code` stays as recorded, and says what to write (after a change that produces the same
  tables, such as a rename, only `code` is brought up to date);
- the settings and inputs the step passes: configuration values, the inputs' own fingerprints, library versions.
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from core.sql import MACROS, columns_of, state_table

ASSETS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Rules:
    """A step's rules: the version of their Python, the SQL files (under assets/, without .sql) and the Python
    modules (under assets/) that hold them, and `code`, the fingerprint of those modules' code when the version was
    last reviewed."""

    version: int
    sql: tuple[str, ...]
    modules: tuple[str, ...]
    code: str


STEPS = {
    "ledger": Rules(
        version=3,  # 2: ledger_rows keeps the text of rows its own file quarantines only; 3: category, charity_number
        sql=("staging/steps/csv_lines", "staging/steps/csv_records", "staging/steps/split_swallowing_records",
             "staging/ledger_rows", "staging/steps/row_lines_inside_records", "staging/ledger_files",
             "staging/steps/ledger_copies", "staging/ledger_transactions", "staging/ledger_quarantine"),
        modules=("staging/ledger.py", "staging/ledger_layouts.py", "staging/source_files.py"),
        code="994e2e30db212a35",
    ),
    "suppliers": Rules(
        version=2,  # 2: supplier_type, size, charity_number and sic_code read
        sql=("staging/steps/supplier_rows", "staging/suppliers", "staging/supplier_quarantine"),
        modules=("staging/suppliers.py", "staging/registers.py", "staging/source_files.py"),
        code="182b1508b996a075",
    ),
    "postcode_directory": Rules(
        version=1,
        sql=("staging/postcode_directory", "staging/lad_names"),
        modules=("staging/postcode_directory.py",),
        code="fbc1a2e529d73d4e",
    ),
    "located_transactions": Rules(
        version=2,  # 2: supplier types, influenceable exclusions, ambiguous names in one ring
        sql=("intermediate/located_transactions", "intermediate/steps/payee_places"),
        modules=("intermediate/located_transactions.py", "intermediate/supplier_types.py"),
        code="5ea7877a066319cf",
    ),
    "fuzzy_candidates": Rules(
        version=1, sql=(), modules=("intermediate/supplier_matching.py",), code="365ac0d356e7e844"
    ),
    "expectation_suites": Rules(version=1, sql=(), modules=("expectation_suites.py",), code="a94af9d8dd86a6e8"),
}  # fmt: skip


def sql_rules(text: str) -> str:
    """SQL as the rules it states: without comment lines, blank lines or indentation."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("--"))


def code_rules(text: str) -> str:
    """Python as the rules it states: its syntax tree without docstrings (comments are not in the tree)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def code_fingerprint(step: str) -> str:
    """The fingerprint of the code of the modules holding `step`'s rules (what `Rules.code` records)."""
    texts = [code_rules((ASSETS_DIR / module).read_text(encoding="utf-8")) for module in STEPS[step].modules]
    return _digest(texts)


def fingerprint(step: str, *inputs: Any) -> str:
    """The fingerprint of `step` under its rules, with `inputs` (JSON-able: settings, input fingerprints)."""
    rules = STEPS[step]
    texts = [sql_rules((ASSETS_DIR / f"{name}.sql").read_text(encoding="utf-8")) for name in rules.sql]
    texts += [sql_rules(MACROS.read_text(encoding="utf-8")), json.dumps(inputs, sort_keys=True, default=str)]
    return _digest([step, str(rules.version), *texts])


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]


def kept_fingerprint(con: duckdb.DuckDBPyConnection, step: str, *tables: str) -> str | None:
    """The fingerprint `step` last kept its tables under, when all of `tables` exist; else None (redo the step)."""
    if not all(columns_of(con, table) for table in tables):
        return None
    found = con.execute(f"SELECT fingerprint FROM {_table(con)} WHERE step = ?", [step]).fetchall()
    return found[0][0] if found else None


def keep_fingerprint(con: duckdb.DuckDBPyConnection, step: str, fingerprint: str) -> None:
    """Record that `step`'s tables are now those of `fingerprint` (in the run's transaction: kept if published)."""
    table = _table(con)
    con.execute(f"DELETE FROM {table} WHERE step = ?", [step]).fetchall()
    con.execute(f"INSERT INTO {table} VALUES (?, ?)", [step, fingerprint]).fetchall()


def _table(con: duckdb.DuckDBPyConnection) -> str:
    table = state_table(con, "fingerprints")
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} (step VARCHAR, fingerprint VARCHAR)")
    return table
