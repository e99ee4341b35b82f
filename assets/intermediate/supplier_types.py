"""The evidence a supplier's type is decided by: the editable list of name patterns and Companies House categories
that make a supplier a public body or a VCSE (`data/reference/supplier_types.csv`, or the analysis's
`supplier_type_patterns`), read once per run and written into the SQL as one expression per list, so that DuckDB
compiles each pattern once (a pattern passed as a value is compiled again on every row)."""

import csv
from pathlib import Path

from dagster import Failure

from core.config import regex_problem
from core.sql import first_that_holds, matches, sql_literal

COLUMNS = ("supplier_type", "applies_to", "pattern", "what")
#: (supplier_type, applies_to) pairs a row may name; the placeholder of the SQL each list's expression replaces, and
#: the column it is tested on.
PLACEHOLDERS = {
    ("public_body", "supplier_name"): ("{public_body_by_name}", "supplier_name"),
    ("public_body", "company_category"): ("{public_body_by_category}", "company_category"),
    ("vcse", "supplier_name"): ("{vcse_by_name}", "supplier_name"),
    ("vcse", "company_category"): ("{vcse_by_category}", "company_category"),
}


def type_patterns(path: Path) -> dict[str, str]:
    """For each placeholder, the SQL expression giving what the first matching pattern of its list is (the file's
    `what`), NULL when none matches; an unreadable row is an error naming the file and line."""
    cases: dict[tuple[str, str], list[tuple[str, str]]] = {key: [] for key in PLACEHOLDERS}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise Failure(f"{path}, line 1: no column {', '.join(missing)}; the columns are {', '.join(COLUMNS)}")
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            key = ((row["supplier_type"] or "").strip(), (row["applies_to"] or "").strip())
            if key not in PLACEHOLDERS:
                raise Failure(
                    f"{where}: supplier_type {key[0]!r} with applies_to {key[1]!r}: a row gives public_body or vcse, "
                    "and supplier_name or company_category"
                )
            pattern = row["pattern"] or ""
            problem = regex_problem(pattern)
            if problem:
                raise Failure(f"{where}: pattern {pattern!r} is not a regular expression: {problem}")
            column = PLACEHOLDERS[key][1]
            what = (row["what"] or "").strip() or pattern
            cases[key].append((matches(column, pattern), sql_literal(what)))
    return {PLACEHOLDERS[key][0]: first_that_holds(whens) for key, whens in cases.items()}
