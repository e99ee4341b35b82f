"""A supplier's returns uploaded as one CSV file in the returns layout (data/templates/returns.csv): every row is
checked, each error names its line and what is wrong, and nothing is applied unless every row passes. Rows of one
contract and quarter make one return; the Status and Verified columns are the council's and must be empty."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from portal.returns.models import Contract, Measure, Supplier
from portal.returns.quarters import Quarter, contract_quarters
from portal.returns.submission import current_return, is_read_only

REQUIRED = ["Contract ID", "Measure ID", "Quarter", "Quantity"]
COUNCILS = ["Verified Quantity", "Verified On"]
MAX_ROWS = 10_000
_QUARTER = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")


@dataclass
class UploadedReturn:
    contract: Contract
    quarter: Quarter
    line: int  # the first line of the file that it comes from
    quantities: dict[Measure, Decimal] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    @property
    def evidence_text(self) -> str:
        return "\n".join(dict.fromkeys(text for text in self.evidence if text))


def _quarter(text: str) -> Quarter | None:
    found = _QUARTER.match(text)
    if not found or (int(found[1]) + 1) % 100 != int(found[2]):
        return None
    return Quarter(int(found[1]), int(found[3]))


def read_returns(data: bytes, supplier: Supplier, today) -> tuple[list[UploadedReturn], list[str]]:
    """The returns the file holds, and every error found ("line N: ..."); use the returns only if no error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["the file is not UTF-8 text: save it as 'CSV UTF-8'"]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        return [], [f"line 1: the header lacks {', '.join(missing)} (the layout: {', '.join(REQUIRED)}, ...)"]
    contracts = {c.contract_id: c for c in supplier.contracts.filter(archived=False)}
    measures = {m.measure_id: m for m in Measure.objects.all()}
    returns: dict[tuple[str, str], UploadedReturn] = {}
    seen: dict[tuple[str, str, str], int] = {}
    errors: list[str] = []
    rows = 0
    for row in reader:
        line, rows = reader.line_num, rows + 1
        if rows > MAX_ROWS:
            errors.append(f"line {line}: more than {MAX_ROWS:,} rows: split the file")
            break
        value = {name: (row.get(name) or "").strip() for name in reader.fieldnames}
        problems = []
        contract = contracts.get(value["Contract ID"])
        if contract is None:
            problems.append(f"no contract {value['Contract ID']!r} of yours")
        measure = measures.get(value["Measure ID"])
        if measure is None:
            problems.append(f"no measure {value['Measure ID']!r} in the framework")
        quarter = _quarter(value["Quarter"])
        if quarter is None:
            problems.append(f"quarter {value['Quarter']!r} is not written like 2024/25 Q1")
        elif contract is not None and quarter not in contract_quarters(contract.start_date, contract.end_date, today):
            problems.append(f"{quarter.label} is not a quarter of {contract.contract_id} that has begun")
        try:
            quantity = Decimal(value["Quantity"].replace(",", ""))
            if not quantity.is_finite() or quantity < 0 or quantity.as_tuple().exponent < -4:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(f"quantity {value['Quantity']!r} is not a number of 0 or more (4 decimals at most)")
        if value.get("Status", "") not in ("", "pending", "submitted") or any(value.get(n) for n in COUNCILS):
            problems.append("Status, Verified Quantity and Verified On are the council's to fill: leave them empty")
        if not problems:
            key = (contract.contract_id, measure.measure_id, quarter.label)
            if key in seen:
                problems.append(f"{' '.join(key)} is also on line {seen[key]}")
            else:
                seen[key] = line
        if problems:
            errors.extend(f"line {line}: {problem}" for problem in problems)
            continue
        uploaded = returns.setdefault((contract.contract_id, quarter.label), UploadedReturn(contract, quarter, line))
        uploaded.quantities[measure] = quantity
        uploaded.evidence.append(value.get("Evidence", ""))
    if rows == 0:
        errors.append("the file has a header but no returns")
    errors.extend(
        f"line {r.line}: the return for {r.contract.contract_id} {r.quarter.label} is already submitted "
        "(read-only unless the council rejects it)"
        for r in returns.values()
        if is_read_only(current_return(r.contract, r.quarter.label))
    )
    return list(returns.values()), errors
