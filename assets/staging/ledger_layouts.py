"""Which column of each ledger file holds which field.

Transparency Code files name the same field many ways, and one council's headers drift from month to month, so
the columns are chosen per file from its own header row. The analysis's `ledger_columns` candidates come first,
then the built-in synonyms below (which cover the Devon, Calderdale and Sheffield layouts as published). Headers
are compared after lower-casing and reducing punctuation and spacing, so `Supplier(Beneficiary) Name` matches
`supplier beneficiary name`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.config import LEDGER_FIELDS, REQUIRED_LEDGER_FIELDS

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
    "category": (
        "procurement category",
        "procurement classification council s procurement category name",
        "procurement classification",
        "proclass",
        "category",
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
    "charity_number": (
        "supplier registered charity number",
        "registered charity number",
        "charity number",
        "charity registration number",
        "charity reg no",
        "charity no",
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
    #: (field, its column, another column whose header names the same field): their values must agree
    duplicates: tuple[tuple[str, int, int], ...] = ()

    def problem(self, first_line: str, lines_searched: int) -> str | None:
        """Why the file has no usable header, `first_line` being its first non-blank line; None when it has one."""
        if not self.missing:
            return None
        return (
            f"no line among its first {lines_searched} names a column for each of {', '.join(self.missing)} "
            f"(split at commas, semicolons, tabs or bars); its first line reads {first_line[:120]!r}: if its header "
            "names these columns otherwise, add those names to ledger_columns in the analysis file"
        )


def resolve_layout(headers: Sequence[str], overrides: Mapping[str, Sequence[str]]) -> Layout:
    """Choose, for every field, the first candidate header present in this file (its first column when the file
    names it twice, the other noted in `duplicates`)."""
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(headers, start=1):
        positions.setdefault(normalise_header(header), []).append(position)
    columns: dict[str, int | None] = {}
    duplicates = []
    for field in LEDGER_FIELDS:
        candidates = [*overrides.get(field, ()), *HEADER_SYNONYMS[field]]
        chosen = next((positions[n] for n in map(normalise_header, candidates) if n in positions), None)
        columns[field] = chosen[0] if chosen else None
        duplicates += [(field, chosen[0], other) for other in (chosen or [])[1:]]
    missing = tuple(f for f in REQUIRED_LEDGER_FIELDS if columns[f] is None)
    return Layout(columns=columns, header_fields=len(headers), missing=missing, duplicates=tuple(duplicates))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
)
_NUMERIC_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_ .]?(0[1-9]|1[0-2])(?!\d)")
_NAMED_MONTH = re.compile(
    rf"(?<![a-z]){_MONTH_WORD}[-_ .]*((?:19|20)?\d{{2}})(?!\d)|(?<!\d)((?:19|20)\d{{2}})[-_ .]*{_MONTH_WORD}"
)


def month_in_name(source_file: str) -> datetime.date | None:
    """The month a file's name says it covers (`2019-05.csv`, `Spend May 2019.csv`, `payments_apr19.csv`), as
    its first day; None when the name gives no month, or several."""
    name = source_file.rsplit("/", 1)[-1].lower()
    found = {(int(y), int(m)) for y, m in _NUMERIC_MONTH.findall(name)}
    for month, year, year_first, month_after in _NAMED_MONTH.findall(name):
        year = year or year_first
        found.add((int(year) + (2000 if len(year) == 2 else 0), _MONTHS.index((month or month_after)[:3]) + 1))
    if len(found) != 1:
        return None
    year, month = found.pop()
    return datetime.date(year, month, 1)


def is_ledger_header(headers: Sequence[str], overrides: Mapping[str, Sequence[str]]) -> bool:
    """Whether `headers` name a column for every required field."""
    return not resolve_layout(headers, overrides).missing
