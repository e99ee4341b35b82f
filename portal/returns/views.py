"""The portal's pages. A supplier's users see only their supplier's contracts, returns and evidence: any other id
answers 404. Suppliers cannot verify; officers cannot submit."""

import csv
import datetime
import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone

from portal.returns.audit import audit
from portal.returns.bulk import read_returns
from portal.returns.forms import DecisionForm, ReturnForm, UploadForm, plain
from portal.returns.models import AuditEvent, Contract, Evidence, Measure, QuarterlyReturn, Reminder
from portal.returns.quarters import Quarter, contract_quarters
from portal.returns.reminders import open_quarters, send_reminders
from portal.returns.submission import current_return, is_read_only, save_return

#: The officer's queue lists the oldest returns awaiting verification, and the quarters without one, this many at
#: most of each.
QUEUE_SHOWN = 200


def officer_required(view):
    @wraps(view)
    @login_required
    def checked(request, *args, **kwargs):
        if not request.user.is_officer:
            raise PermissionDenied("officers only")
        return view(request, *args, **kwargs)

    return checked


def supplier_required(view):
    @wraps(view)
    @login_required
    def checked(request, *args, **kwargs):
        if request.user.supplier_id is None:
            raise PermissionDenied("suppliers' users only")
        return view(request, *args, **kwargs)

    return checked


class SetPassword(SuccessMessageMixin, auth_views.PasswordResetConfirmView):
    """A new user's one-time link (or a reset one): choose a password, then sign in with it."""

    success_url = reverse_lazy("login")
    success_message = "Your password is set. Sign in with it."


def quarter_state(standing: QuarterlyReturn | None, quarter: Quarter, today: datetime.date) -> str:
    """Where a quarter stands, given the return that stands for it (if any)."""
    if standing is not None and standing.status != QuarterlyReturn.Status.DRAFT:
        return {"pending": "submitted"}.get(standing.status, standing.status)
    if today <= quarter.last_day:
        return "draft" if standing else "in progress"
    overdue = today > quarter.due_on
    return ("draft, late" if overdue else "draft") if standing else ("late" if overdue else "due")


@login_required
def home(request):
    if request.user.is_officer:
        return redirect("queue")
    if request.user.supplier_id is None:
        raise PermissionDenied("this account belongs to no supplier")
    today = timezone.localdate()
    contracts = []
    for contract in request.user.supplier.contracts.order_by("archived", "contract_id"):
        standing = {r.quarter: r for r in contract.returns.filter(superseded_by__isnull=True).order_by("created_at")}
        quarters = contract_quarters(contract.start_date, contract.end_date, today)
        contracts.append(
            {
                "contract": contract,
                "commitments": contract.commitments.select_related("measure__outcome").order_by("measure__measure_id"),
                "quarters": [
                    (q, quarter_state(standing.get(q.label), q, today), standing.get(q.label)) for q in quarters
                ],
            }
        )
    context = {"supplier": request.user.supplier, "contracts": contracts, "due_days": settings.RETURN_DUE_DAYS}
    return render(request, "returns/home.html", context)


def _own_contract(request, contract_id: str) -> Contract:
    return get_object_or_404(Contract, contract_id=contract_id, supplier_id=request.user.supplier_id, archived=False)


@supplier_required
def edit_return(request, contract_id: str, start_year: int, number: int):
    contract = _own_contract(request, contract_id)
    period = Quarter(start_year, number)
    if period not in contract_quarters(contract.start_date, contract.end_date, timezone.localdate()):
        raise Http404("not a quarter of this contract")
    standing = current_return(contract, period.label)
    if is_read_only(standing):
        return render(request, "returns/return_detail.html", {"return": standing, "contract": contract})
    draft = standing if standing is not None and standing.status == QuarterlyReturn.Status.DRAFT else None
    committed = {c.measure_id: c.quantity for c in contract.commitments.all()}
    measures = sorted(Measure.objects.select_related("outcome"), key=lambda m: (m.pk not in committed, m.measure_id))
    initial = {"evidence_text": draft.evidence_text} if draft else {}
    if draft:
        initial |= {ReturnForm.field_name(line.measure): plain(line.declared_quantity) for line in draft.lines.all()}
    form = ReturnForm(measures, committed, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        if submitting and not form.quantities():
            form.add_error(None, "Give a quantity for at least one measure before you submit the return.")
        else:
            try:
                save_return(
                    request,
                    contract,
                    period,
                    form.quantities(),
                    form.cleaned_data["evidence_text"],
                    form.cleaned_data["evidence_files"],
                    submitting,
                )
            except (IntegrityError, ValueError):
                form.add_error(None, "This return was changed at the same moment elsewhere: look at it again.")
            else:
                if submitting:
                    messages.success(request, f"Return for {contract.contract_id} {period.label} submitted.")
                    return redirect("home")
                messages.success(request, "Draft saved.")
                return redirect("edit_return", contract.contract_id, *period.key)
    context = {
        "form": form,
        "contract": contract,
        "quarter": period,
        "files": draft.evidence.all() if draft else [],
        "rejected": standing if standing and standing.status == QuarterlyReturn.Status.REJECTED else None,
    }
    return render(request, "returns/return_form.html", context)


@supplier_required
def upload_returns(request):
    """Many returns as one CSV file in the returns layout: all rows checked, nothing applied unless all pass."""
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        returns, errors = read_returns(upload.read(), request.user.supplier, timezone.localdate())
        if not errors:
            submitting = request.POST.get("action") == "submit"
            try:
                with transaction.atomic():
                    for uploaded in returns:
                        save_return(
                            request,
                            uploaded.contract,
                            uploaded.quarter,
                            uploaded.quantities,
                            uploaded.evidence_text,
                            [],
                            submitting,
                        )
                    audit(request, "returns uploaded", upload.name[:300], returns=len(returns), submitted=submitting)
            except (IntegrityError, ValueError):
                errors = ["a return in the file was changed at the same moment elsewhere: upload the file again"]
            else:
                done = "submitted" if submitting else "saved as drafts"
                messages.success(request, f"{len(returns)} return(s) from {upload.name} {done}.")
                return redirect("home")
    return render(request, "returns/upload.html", {"form": form, "errors": errors})


@login_required
def evidence(request, pk: int):
    """An evidence file, as an attachment, to its supplier's users and to officers only."""
    found = get_object_or_404(Evidence.objects.select_related("quarterly_return__contract"), pk=pk)
    if not request.user.is_officer and found.quarterly_return.contract.supplier_id != request.user.supplier_id:
        raise Http404("no such evidence")
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.original_name, content_type=found.content_type
    )


@officer_required
def queue(request):
    """Returns awaiting verification, oldest first; the ended quarters with no return submitted (due or late);
    the contracts over the threshold without commitments."""
    waiting = QuarterlyReturn.objects.filter(status=QuarterlyReturn.Status.SUBMITTED, superseded_by__isnull=True)
    context = {
        "waiting": waiting.select_related("contract__supplier").order_by("submitted_at", "pk")[:QUEUE_SHOWN],
        "waiting_count": waiting.count(),
        "missing": (missing := open_quarters(timezone.localdate()))[:QUEUE_SHOWN],
        "missing_count": len(missing),
        "uncommitted": Contract.objects.filter(archived=False, over_threshold=True, commitments__isnull=True)
        .select_related("supplier")
        .order_by("contract_id"),
    }
    return render(request, "returns/queue.html", context)


@officer_required
def reminders(request):
    """Send the reminders for due and late returns (each quarter once per stage), and list those sent."""
    if request.method == "POST":
        count, nobody = send_reminders(timezone.localdate())
        audit(request, "reminders sent", f"{count} quarter(s)", without_users=nobody)
        messages.success(request, f"Reminders sent for {count} quarter(s).")
        for name in nobody:
            messages.warning(request, f"{name} has no user to remind: add one with `spend portal user add`.")
        return redirect("reminders")
    sent = Reminder.objects.select_related("contract__supplier").order_by("-sent_at", "-pk")[:500]
    return render(request, "returns/reminders.html", {"sent": sent})


@officer_required
def audit_trail(request):
    """The audit trail, newest first (the latest 500), or all of it as CSV with ?format=csv."""
    events = AuditEvent.objects.select_related("user").order_by("-at", "-id")
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        writer = csv.writer(response)
        writer.writerow(["at", "user", "action", "what", "detail", "ip_address"])
        for event in events.iterator():
            who = event.user.email if event.user else ""
            writer.writerow(
                [event.at.isoformat(), who, event.action, event.what, json.dumps(event.detail), event.ip_address or ""]
            )
        return response
    return render(request, "returns/audit.html", {"events": events[:500]})


@officer_required
def decide(request, pk: int):
    """Verify a submitted return (a verified quantity per line, no more than declared) or reject it with a reason."""
    pending = get_object_or_404(QuarterlyReturn, pk=pk, status=QuarterlyReturn.Status.SUBMITTED)
    lines = list(pending.lines.select_related("measure"))
    form = DecisionForm(lines, request.POST or None)
    if request.method == "POST" and form.is_valid():
        verifying = request.POST.get("action") == "verify"
        verified = form.verified()
        if verifying and any(quantity is None for quantity in verified.values()):
            form.add_error(None, "Give a verified quantity for every measure, or reject the return.")
        elif not verifying and not form.cleaned_data["reason"].strip():
            form.add_error("reason", "Say why the return is rejected: the supplier sees the reason.")
        else:
            _decide(request, pending, verified if verifying else None, form.cleaned_data["reason"].strip())
            return redirect("queue")
    history = (
        QuarterlyReturn.objects.filter(contract__supplier=pending.contract.supplier)
        .exclude(pk=pending.pk)
        .exclude(status=QuarterlyReturn.Status.DRAFT)
        .select_related("contract")
        .order_by("-submitted_at")[:20]
    )
    return render(request, "returns/decide.html", {"return": pending, "form": form, "history": history})


@transaction.atomic
def _decide(request, pending: QuarterlyReturn, verified: dict | None, reason: str) -> None:
    what = f"{pending.contract.contract_id} {pending.quarter}"
    if verified is None:
        pending.status, pending.rejection_reason = QuarterlyReturn.Status.REJECTED, reason
        audit(request, "rejected", what, reason=reason)
    else:
        for line, quantity in verified.items():
            line.verified_quantity = quantity
            line.save(update_fields=["verified_quantity"])
        pending.status = QuarterlyReturn.Status.VERIFIED
        audit(request, "verified", what, lines={line.measure.measure_id: str(q) for line, q in verified.items()})
    pending.decided_at, pending.decided_by = timezone.now(), request.user
    pending.save()
