"""Which column of each ledger file holds which field.

Transparency Code files name the same field many ways, and one council's headers drift from month to month, so
the columns are chosen per file from its own header row. The analysis's `ledger_columns` candidates come first,
then the built-in synonyms below (which cover the Devon, Calderdale and Sheffield layouts as published). Headers
are compared after lower-casing and reducing punctuation and spacing, so `Supplier(Beneficiary) Name` matches
`supplier beneficiary name`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipelines.config import LEDGER_FIELDS, REQUIRED_LEDGER_FIELDS

#: field -> header names, most specific first (net before gross: "Net Amount" wins over "Amount").
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "payment date",
        "date of payment",
        "paid date",
        "date paid",
        "invoice payment date",
        "transaction date",
        "effective date",
        "date",
    ),
    "amount": (
        "net amount",
        "amount net",
        "net value",
        "net",
        "total excludes vat",
        "amount excluding vat",
        "amount excl vat",
        "amount",
        "value",
        "invoiced value",
        "amount gbp",
    ),
    "supplier_name": (
        "supplier name",
        "supplier beneficiary name",
        "beneficiary name",
        "beneficiary",
        "vendor name",
        "payee name",
        "payee",
        "supplier",
        "merchant name",
    ),
    "supplier_id": (
        "supplier id",
        "supplier number",
        "supplier code",
        "supplier ref",
        "vendor id",
        "creditor id",
    ),
    "transaction_number": (
        "transaction number",
        "transaction no",
        "transaction id",
        "transaction reference",
        "internal ref number",
        "document number",
    ),
    "department": (
        "expense area",
        "department",
        "directorate",
        "service area",
        "service",
        "organisational unit",
    ),
    "expense_type": (
        "expense type",
        "expenditure type",
        "expense description",
        "purpose of spend summary",
        "purpose of spend",
        "purpose",
    ),
    "company_number": (
        "supplier registered company number",
        "registered company number",
        "company number",
        "company registration number",
        "company reg number",
        "company reg no",
        "companies house number",
        "company no",
    ),
}
assert set(HEADER_SYNONYMS) == set(LEDGER_FIELDS)


def normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", header.lstrip("\ufeff").lower()).strip()


@dataclass(frozen=True)
class Layout:
    """Where each field sits in one file (1-based column positions, None where absent)."""

    columns: Mapping[str, int | None]
    header_fields: int
    missing: tuple[str, ...]

    @property
    def problem(self) -> str | None:
        if not self.missing:
            return None
        return (
            f"file has no column for required field(s) {', '.join(self.missing)}: add its header to "
            "ledger_columns in the analysis file"
        )


def resolve_layout(headers: Sequence[str], overrides: Mapping[str, Sequence[str]]) -> Layout:
    """Choose, for every field, the first candidate header present in this file."""
    positions: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        positions.setdefault(normalise_header(header), position)
    columns: dict[str, int | None] = {}
    for field in LEDGER_FIELDS:
        candidates = [*overrides.get(field, ()), *HEADER_SYNONYMS[field]]
        columns[field] = next((positions[n] for n in map(normalise_header, candidates) if n in positions), None)
    missing = tuple(f for f in REQUIRED_LEDGER_FIELDS if columns[f] is None)
    return Layout(columns=columns, header_fields=len(headers), missing=missing)
