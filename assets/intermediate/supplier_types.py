"""The evidence a supplier's type is decided by: the editable list of name patterns and Companies House categories
that make a supplier a public body or a VCSE (`data/reference/supplier_types.csv`, or the analysis's
`supplier_type_patterns`), read once per run and passed to the SQL as lists, in the file's order."""

import csv
from pathlib import Path

from dagster import Failure

from core.config import regex_problem

COLUMNS = ("supplier_type", "applies_to", "pattern", "what")
#: (supplier_type, applies_to) pairs a row may name, and the SQL parameter each list goes to.
PARAMETERS = {
    ("public_body", "supplier_name"): "public_body_names",
    ("public_body", "company_category"): "public_body_categories",
    ("vcse", "supplier_name"): "vcse_names",
    ("vcse", "company_category"): "vcse_categories",
}


def type_patterns(path: Path) -> dict[str, list[str]]:
    """The patterns of the file by SQL parameter, and what each is (`<parameter>_what`, in the same order); an
    unreadable row is an error naming the file and line."""
    patterns: dict[str, list[str]] = {f"{name}{suffix}": [] for name in PARAMETERS.values() for suffix in ("", "_what")}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise Failure(f"{path}, line 1: no column {', '.join(missing)}; the columns are {', '.join(COLUMNS)}")
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            key = (row["supplier_type"].strip(), row["applies_to"].strip())
            if key not in PARAMETERS:
                raise Failure(
                    f"{where}: supplier_type {key[0]!r} with applies_to {key[1]!r}: a row gives public_body or vcse, "
                    "and supplier_name or company_category"
                )
            problem = regex_problem(row["pattern"])
            if problem:
                raise Failure(f"{where}: pattern {row['pattern']!r} is not a regular expression: {problem}")
            patterns[PARAMETERS[key]].append(row["pattern"])
            patterns[f"{PARAMETERS[key]}_what"].append(row["what"].strip() or row["pattern"])
    return patterns
