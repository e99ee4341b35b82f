"""Reminders to suppliers: one mail per supplier listing its contracts' quarters whose return is due (the quarter
has ended) or late (past its due date) and not yet submitted. Each quarter is reminded once when due and once when
late, however often reminders are sent (by an officer's button, or `spend portal remind` from a daily timer)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from portal.returns.models import Contract, QuarterlyReturn, Reminder
from portal.returns.quarters import Quarter, contract_quarters


def open_quarters(today) -> list[tuple[Contract, Quarter, str]]:
    """Every live contract's ended quarters with no return submitted: (contract, quarter, "due" or "late"), by
    contract and quarter. The quarters' dates are worked out once for all contracts: the officer's queue calls this
    with years of history stored (BENCHMARKS.md)."""
    submitted = set(
        QuarterlyReturn.objects.filter(superseded_by__isnull=True)
        .exclude(status__in=[QuarterlyReturn.Status.DRAFT, QuarterlyReturn.Status.REJECTED])
        .order_by()
        .values_list("contract_id", "quarter")
    )
    live = Contract.objects.filter(archived=False, start_date__isnull=False)
    contracts = list(live.select_related("supplier").order_by("contract_id"))
    if not contracts:
        return []
    ended = [
        (quarter, quarter.label, quarter.first_day, "late" if today > quarter.due_on else "due")
        for quarter in contract_quarters(min(c.start_date for c in contracts), None, today)
        if quarter.last_day < today
    ]
    position = {quarter.key: n for n, (quarter, *_) in enumerate(ended)}
    found = []
    for contract in contracts:
        start = position.get(Quarter.of(contract.start_date).key)
        if start is None:
            continue  # its first quarter has not ended
        for quarter, label, first_day, stage in ended[start:]:
            if contract.end_date is not None and first_day > contract.end_date:
                break
            if (contract.pk, label) not in submitted:
                found.append((contract, quarter, stage))
    return found


def _line(contract: Contract, quarter: Quarter, stage: str) -> str:
    due = f"{quarter.due_on:%d %B %Y}"
    state = f"late (it was due by {due})" if stage == Reminder.Stage.LATE else f"due by {due}"
    return f"- {contract.contract_id} {contract.title}, {quarter.label}: {state}"


def send_reminders(today) -> tuple[int, list[str]]:
    """Mail the reminders not yet sent; (how many quarters were reminded, suppliers that have no user to mail)."""
    sent = set(Reminder.objects.values_list("contract_id", "quarter", "stage"))
    by_supplier = defaultdict(list)
    for contract, quarter, stage in open_quarters(today):
        if (contract.pk, quarter.label, stage) not in sent:
            by_supplier[contract.supplier].append((contract, quarter, stage))
    reminded, nobody = 0, []
    for supplier, quarters in sorted(by_supplier.items(), key=lambda item: item[0].name):
        addresses = sorted(supplier.users.filter(is_active=True).values_list("email", flat=True))
        if not addresses:
            nobody.append(supplier.name)
            continue
        lines = [_line(contract, quarter, stage) for contract, quarter, stage in quarters]
        send_mail(
            "Social value returns due",
            f"Dear {supplier.name},\n\nThese quarterly social value returns are not yet submitted:\n\n"
            + "\n".join(lines)
            + "\n\nSign in to make them; it is free. Thank you.\n",
            settings.DEFAULT_FROM_EMAIL,
            addresses,
        )
        with transaction.atomic():  # recorded supplier by supplier: a mail that fails later leaves these sent
            Reminder.objects.bulk_create(
                Reminder(contract=contract, quarter=quarter.label, stage=stage, sent_to=", ".join(addresses))
                for contract, quarter, stage in quarters
            )
        reminded += len(quarters)
    return reminded, nobody
