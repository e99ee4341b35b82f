"""Saving a supplier's return, one way for the form and the bulk upload: a draft is changed in place; a submission
makes the return read-only, and supersedes a rejected one, whose history stays."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.returns.audit import audit
from portal.returns.models import Contract, Evidence, Measure, QuarterlyReturn, ReturnLine
from portal.returns.quarters import Quarter


def current_return(contract: Contract, quarter: str) -> QuarterlyReturn | None:
    """The return that stands for a contract's quarter: the latest not superseded."""
    return contract.returns.filter(quarter=quarter, superseded_by__isnull=True).order_by("-created_at").first()


def is_read_only(standing: QuarterlyReturn | None) -> bool:
    """A submitted or verified return is read-only (until an officer rejects it)."""
    closed = (QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.VERIFIED)
    return standing is not None and standing.status in closed


@transaction.atomic
def save_return(
    request,
    contract: Contract,
    period: Quarter,
    quantities: dict[Measure, Decimal],
    evidence_text: str,
    files: list,
    submitting: bool,
) -> QuarterlyReturn:
    """Save the contract's return for `period` (its draft, or a new one) with these quantities and evidence."""
    standing = (
        QuarterlyReturn.objects.select_for_update()
        .filter(contract=contract, quarter=period.label, superseded_by__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if is_read_only(standing):
        raise ValueError(f"the return for {contract.contract_id} {period.label} is already {standing.status}")
    draft = standing if standing is not None and standing.status == QuarterlyReturn.Status.DRAFT else None
    saved = draft or QuarterlyReturn.objects.create(contract=contract, quarter=period.label)
    saved.evidence_text = evidence_text
    saved.lines.all().delete()
    for measure, quantity in quantities.items():  # one by one, so that each line's history is kept
        ReturnLine.objects.create(quarterly_return=saved, measure=measure, declared_quantity=quantity)
    for upload in files:
        Evidence.objects.create(
            quarterly_return=saved,
            file=upload,
            original_name=upload.name[:300],
            content_type=upload.detected_type,
            size=upload.size,
            uploaded_by=request.user,
        )
    if submitting:
        saved.status = QuarterlyReturn.Status.SUBMITTED
        saved.submitted_at, saved.submitted_by = timezone.now(), request.user
    saved.save()
    if submitting and standing is not None and standing.status == QuarterlyReturn.Status.REJECTED:
        standing.superseded_by = saved
        standing.save(update_fields=["superseded_by"])
    lines = {measure.measure_id: str(quantity) for measure, quantity in quantities.items()}
    audit(request, "submitted" if submitting else "draft saved", f"{contract.contract_id} {period.label}", lines=lines)
    return saved
