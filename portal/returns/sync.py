"""`spend portal sync`: the framework, suppliers, contracts and commitments, from the analysis.

The framework comes from the analysis's framework file (validated as a run validates it); contracts, their linked
suppliers and commitments from the snapshot the last good run published, so that what the portal offers passed
the same expectations and quarantine as the figures. Idempotent: a second sync changes nothing. A contract that
has left the register is archived with its returns, never deleted.
"""

from collections import Counter

from django.db import transaction

from core.config import AnalysisConfig
from core.snapshot import SnapshotMissing, open_snapshot
from portal.returns.models import Commitment, Contract, Measure, Outcome, Supplier


def supplier_key(supplier_id: str | None, company_number: str | None, name: str | None) -> str:
    """Who a contract's supplier is, in the portal: the supplier file's id, else its company number, else its name."""
    if supplier_id:
        return supplier_id
    if company_number:
        return f"company {company_number}"
    return f"name {' '.join((name or '').lower().split())}"


@transaction.atomic
def sync(config: AnalysisConfig) -> Counter:
    """Bring the portal's framework, suppliers, contracts and commitments into line with the analysis; count what
    was created, updated and archived."""
    counts: Counter = Counter()
    framework = config.framework
    with open_snapshot(config.warehouse_path) as con:
        present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if missing := {"mart_contract_social_value", "commitments"} - present:
            raise SnapshotMissing(
                f"the snapshot of {config.warehouse_path} has no {', '.join(sorted(missing))}: it was published by an"
                " earlier version; run `spend run` again"
            )
        contracts = con.execute(
            "SELECT contract_id, supplier_id, company_number, supplier_name, title, contract_value, start_date,"
            " end_date, department, over_threshold FROM mart_contract_social_value ORDER BY contract_id"
        ).fetchall()
        commitments = con.execute(
            "SELECT contract_id, measure_id, coalesce(fiscal_year, ''), quantity FROM commitments"
        ).fetchall()
    outcomes = {}
    for outcome in framework.outcomes:
        outcomes[outcome.id], created = Outcome.objects.update_or_create(
            outcome_id=outcome.id, defaults={"title": outcome.title}
        )
        counts["outcomes created" if created else "outcomes kept"] += 1
    measures = {}
    for measure in framework.measures:
        measures[measure.id], created = Measure.objects.update_or_create(
            measure_id=measure.id,
            defaults={
                "outcome": outcomes[measure.outcome],
                "title": measure.title,
                "unit": measure.unit,
                "proxy_value": measure.proxy_value,
            },
        )
        counts["measures created" if created else "measures kept"] += 1
    in_register = set()
    for contract_id, supplier_id, company, name, title, value, start, end, department, over in contracts:
        supplier, created = Supplier.objects.update_or_create(
            supplier_id=supplier_key(supplier_id, company, name), defaults={"name": name or company or ""}
        )
        counts["suppliers created"] += created
        _, created = Contract.objects.update_or_create(
            contract_id=contract_id,
            defaults={
                "supplier": supplier,
                "title": title or "",
                "value": value,
                "start_date": start,
                "end_date": end,
                "department": department or "",
                "over_threshold": bool(over),
                "archived": False,
            },
        )
        counts["contracts created" if created else "contracts kept"] += 1
        in_register.add(contract_id)
    counts["contracts archived"] = (
        Contract.objects.exclude(contract_id__in=in_register).filter(archived=False).update(archived=True)
    )
    kept = set()
    active = {c.contract_id: c for c in Contract.objects.filter(archived=False)}
    for contract_id, measure_id, fiscal_year, quantity in commitments:
        if contract_id in active and measure_id in measures:
            commitment, created = Commitment.objects.update_or_create(
                contract=active[contract_id],
                measure=measures[measure_id],
                fiscal_year=fiscal_year,
                defaults={"quantity": quantity},
            )
            kept.add(commitment.pk)
            counts["commitments created" if created else "commitments kept"] += 1
    counts["commitments removed"] = Commitment.objects.filter(contract__archived=False).exclude(pk__in=kept).delete()[0]
    return counts
