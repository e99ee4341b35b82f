"""The portal (pytest-django): sync from the analysis, accounts, a supplier's return with evidence, an officer's
decision, and the isolation and safety rules."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.config import load_config
from portal.returns.accounts import add_user, send_set_password_link
from portal.returns.models import AuditEvent, Commitment, Contract, Evidence, Measure, QuarterlyReturn, Supplier, User
from portal.returns.quarters import contract_quarters
from portal.returns.sync import sync
from portal.returns.urls import urlpatterns
from tests.portal.pages import PASSWORD, PDF, label_of, page_text, return_url, signed_in, upload

pytestmark = pytest.mark.django_db


def test_sync_brings_the_samples_register_in_once_and_archives_what_leaves(synced, sample_run):
    assert Contract.objects.count() == 5 and Supplier.objects.count() == 5
    assert Measure.objects.count() == 5  # the sample framework's (SYNTHETIC) measures
    assert Commitment.objects.count() == 7  # every commitment the run loaded (the quarantined line is not one)
    assert synced["contracts created"] == 5
    assert Contract.objects.get(contract_id="SC-005").supplier.supplier_id == "company 9876543"
    Contract.objects.create(contract_id="OLD-1", supplier=Supplier.objects.first(), title="left the register")
    again = sync(load_config(sample_run[0]))
    assert again["contracts created"] == 0 and again["contracts kept"] == 5 and again["contracts archived"] == 1
    assert again["commitments created"] == 0 and again["commitments removed"] == 0
    assert Contract.objects.get(contract_id="OLD-1").archived  # kept, with its returns, never deleted


def test_a_new_user_sets_a_password_from_the_link_and_signs_in(synced, client):
    supplier = Contract.objects.get(contract_id="SC-001").supplier
    user = add_user("new@greystone.example", supplier.supplier_id, False)
    assert not user.has_usable_password()
    link = send_set_password_link(user, "http://testserver")
    assert link in mail.outbox[0].body and mail.outbox[0].to == ["new@greystone.example"]
    form = client.get(link, follow=True)
    assert b"password" in form.content.lower()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    signed = client.post(reverse("login"), {"username": "new@greystone.example", "password": PASSWORD})
    assert signed.status_code == 302 and signed.url == reverse("home")
    assert AuditEvent.objects.filter(action="signed in", what="new@greystone.example").count() == 1
    with pytest.raises(ValueError, match=r"one supplier .* or is an officer"):
        add_user("both@x.example", supplier.supplier_id, True)
    with pytest.raises(ValueError, match="no supplier 'nobody'"):
        add_user("x@x.example", "nobody", False)


def test_a_return_with_evidence_is_submitted_then_verified(people, client):
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    measure = contract.commitments.first().measure
    supplier = signed_in(client, people["greystone"])
    home = supplier.get(reverse("home"))
    assert contract.contract_id in home.content.decode() and "SC-002" not in home.content.decode()
    form = supplier.get(return_url("SC-001", quarter))
    assert label_of(form, f"id_measure_{measure.pk}") == measure.title
    assert "Evidence" in form.content.decode() and "Submit return" in form.content.decode()
    evidence = upload("minutes.pdf", PDF)
    sent = supplier.post(
        return_url("SC-001", quarter),
        {
            f"measure_{measure.pk}": "12.5",
            "evidence_text": "timesheets",
            "evidence_files": [evidence],
            "action": "submit",
        },
    )
    assert sent.status_code == 302
    submitted = QuarterlyReturn.objects.get(contract=contract, quarter=quarter.label)
    assert (submitted.status, submitted.submitted_by) == ("pending", people["greystone"])
    assert submitted.lines.get().declared_quantity == Decimal("12.5")
    assert submitted.evidence.get().content_type == "application/pdf"
    assert b"awaiting verification" in supplier.get(return_url("SC-001", quarter)).content  # read-only now

    officer = signed_in(client, people["officer"])
    queue = officer.get(reverse("queue")).content.decode()
    assert "SC-001" in queue and quarter.label in queue
    page = officer.get(reverse("decide", args=[submitted.pk])).content.decode()
    assert "Verified quantity" in page and ">Verify<" in page and ">Reject<" in page and "Reason" in page
    too_much = officer.post(
        reverse("decide", args=[submitted.pk]), {f"line_{submitted.lines.get().pk}": "13", "action": "verify"}
    )
    assert too_much.status_code == 200 and b"less than or equal to 12.5" in too_much.content
    officer.post(reverse("decide", args=[submitted.pk]), {f"line_{submitted.lines.get().pk}": "10", "action": "verify"})
    submitted.refresh_from_db()
    assert submitted.status == "verified" and submitted.lines.get().verified_quantity == Decimal("10")
    assert list(AuditEvent.objects.exclude(action="signed in").values_list("action", flat=True)) == [
        "submitted",
        "verified",
    ]
    download = officer.get(reverse("evidence", args=[submitted.evidence.get().pk]))
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == PDF


def test_a_rejected_return_is_resubmitted_and_the_history_stays(people, client):
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    measure = contract.commitments.first().measure
    supplier = signed_in(client, people["greystone"])
    supplier.post(return_url("SC-001", quarter), {f"measure_{measure.pk}": "5", "action": "submit"})
    first = QuarterlyReturn.objects.get()
    officer = signed_in(client, people["officer"])
    refused = officer.post(reverse("decide", args=[first.pk]), {"action": "reject", "reason": ""})
    assert b"Say why the return is rejected" in refused.content
    officer.post(reverse("decide", args=[first.pk]), {"action": "reject", "reason": "no timesheets"})
    supplier = signed_in(client, people["greystone"])
    assert b"no timesheets" in supplier.get(reverse("home")).content
    supplier.post(return_url("SC-001", quarter), {f"measure_{measure.pk}": "4", "action": "submit"})
    first.refresh_from_db()
    second = QuarterlyReturn.objects.exclude(pk=first.pk).get()
    assert (first.status, first.superseded_by, second.status) == ("rejected", second, "pending")


def test_another_suppliers_contract_and_evidence_answer_404_and_roles_are_kept(people, client):
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    measure = contract.commitments.first().measure
    signed_in(client, people["greystone"]).post(
        return_url("SC-001", quarter),
        {f"measure_{measure.pk}": "1", "evidence_files": [upload("a.pdf", PDF)], "action": "submit"},
    )
    evidence = QuarterlyReturn.objects.get().evidence.get()
    other = signed_in(client, people["wickham"])
    assert other.get(return_url("SC-001", quarter)).status_code == 404
    assert other.post(return_url("SC-001", quarter), {"action": "submit"}).status_code == 404
    assert other.get(reverse("evidence", args=[evidence.pk])).status_code == 404
    assert other.get(reverse("queue")).status_code == 403  # suppliers cannot verify
    assert other.get(reverse("decide", args=[QuarterlyReturn.objects.get().pk])).status_code == 403
    officer = signed_in(client, people["officer"])
    assert officer.get(return_url("SC-001", quarter)).status_code == 403  # officers cannot submit
    assert officer.get(reverse("evidence", args=[evidence.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("home")).status_code == 302  # to the sign-in page


def test_an_oversize_or_disguised_upload_is_refused_with_a_message(people, client, settings):
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    supplier = signed_in(client, people["greystone"])
    disguised = supplier.post(
        return_url("SC-001", quarter),
        {"evidence_files": [upload("report.pdf", b"MZ\x90\x00" + b"\0" * 64)], "action": "draft"},
    )
    assert "report.pdf is not a PDF, PNG, JPEG, CSV, XLSX or DOCX file" in disguised.content.decode()
    settings.EVIDENCE_MAX_BYTES = 10
    big = supplier.post(return_url("SC-001", quarter), {"evidence_files": [upload("big.pdf", PDF)], "action": "draft"})
    assert "big.pdf is larger than 10 MB" in big.content.decode()
    assert not QuarterlyReturn.objects.exists()


def test_sign_in_is_locked_after_five_failures(people, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "ops@greystone.example", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "ops@greystone.example", "password": PASSWORD})
    assert locked.status_code == 429 and b"try again in 15 minutes" in locked.content
    assert AuditEvent.objects.filter(action="sign-in failed").count() >= 5


def test_pages_carry_a_content_security_policy_with_no_inline_script(client):
    page = client.get(reverse("login"))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert not re.search(rb"<script(?![^>]*src=)", page.content)
    for label in (b"Email address", b"Password", b"Sign in"):
        assert label in page.content


def test_spend_portal_user_add_prints_a_set_password_link_or_reads_the_password(synced, capsys, monkeypatch):
    from io import StringIO

    from pipelines.cli import main

    supplier = Contract.objects.get(contract_id="SC-002").supplier
    assert main(["portal", "user", "add", "A@Wickham.example", "--supplier", supplier.supplier_id]) == 0
    said = capsys.readouterr().out
    assert re.search(
        r"a@wickham\.example added; it sets its password once at http://127\.0\.0\.1:8600/set-password/"
        r"[^/]+/[^/]+/ \(also sent by mail, or to the outbox\)",
        said,
    )
    monkeypatch.setattr("sys.stdin", StringIO(PASSWORD + "\n"))
    assert main(["portal", "user", "add", "chief@council.example", "--officer", "--password-stdin"]) == 0
    assert User.objects.get(email="chief@council.example").check_password(PASSWORD)
    assert main(["portal", "user", "add", "a@wickham.example", "--officer"]) == 2
    assert "a@wickham.example already has an account" in capsys.readouterr().err


def test_the_migrations_hold_every_model_change():
    from django.core.management import call_command

    call_command("makemigrations", "returns", "--check", "--dry-run", verbosity=0)  # exits 1 when one is missing


def test_officers_see_missing_returns_contracts_without_commitments_and_the_audit_trail(people, client):
    officer = signed_in(client, people["officer"])
    page = officer.get(reverse("queue")).content.decode()
    # SC-003 is over the threshold with no commitment (the sample's deliberate breach); SC-001's quarters are late
    uncommitted = re.search(r"without commitments</h2>\s*<ul[^>]*>(.*?)</ul>", page, re.S)[1]
    assert re.findall(r"<li>(SC-\d+) ", uncommitted) == ["SC-003"]  # SC-004, also without, is under the threshold
    assert "SC-001 2019/20 Q1 late" in page_text(page)
    officer.post(reverse("login"), {"username": "nobody@example", "password": "x"})
    trail = officer.get(reverse("audit")).content.decode()
    assert "sign-in failed" in trail and "nobody@example" in trail
    exported = officer.get(reverse("audit") + "?format=csv")
    assert exported["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    rows = b"".join(exported).decode().splitlines()
    assert rows[0] == "at,user,action,what,detail,ip_address" and any("sign-in failed" in row for row in rows)
    supplier = signed_in(client, people["wickham"])
    assert supplier.get(reverse("audit")).status_code == 403
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.first().delete()  # append-only


def test_an_archived_contract_and_an_unsubmitted_return_cannot_be_changed(people, client):
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    draft = QuarterlyReturn.objects.create(contract=contract, quarter=quarter.label)
    officer = signed_in(client, people["officer"])
    assert officer.post(reverse("decide", args=[draft.pk]), {"action": "reject", "reason": "x"}).status_code == 404
    Contract.objects.filter(pk=contract.pk).update(archived=True)
    supplier = signed_in(client, people["greystone"])
    assert supplier.post(return_url("SC-001", quarter), {"action": "submit"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.rejection_reason == ""


def test_every_view_answers_each_kind_of_user_as_the_rules_say(people, client):
    """Every page and action, for someone signed out, the owning supplier's user, another supplier's user and an
    officer: another supplier's objects answer 404, the other role's pages 403, the signed out go to sign in."""
    contract = Contract.objects.get(contract_id="SC-001")
    quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())[0]
    measure = contract.commitments.first().measure
    owner = signed_in(client, people["greystone"])
    owner.post(return_url("SC-001", quarter), {f"measure_{measure.pk}": "1", "action": "submit"})
    submitted = QuarterlyReturn.objects.get(status="pending")
    draft = QuarterlyReturn.objects.create(contract=contract, quarter=quarter.next().label)
    evidence = Evidence.objects.create(
        quarterly_return=draft, file=upload("b.pdf", PDF), original_name="b.pdf", content_type="application/pdf",
        size=len(PDF), uploaded_by=people["greystone"],
    )  # fmt: skip
    views = {  # url: (signed out, owner, other supplier, officer)
        reverse("home"): (302, 200, 200, 302),
        return_url("SC-001", quarter): (302, 200, 404, 403),
        reverse("upload_returns"): (302, 200, 200, 403),
        reverse("evidence", args=[evidence.pk]): (302, 200, 404, 200),
        reverse("queue"): (302, 403, 403, 200),
        reverse("decide", args=[submitted.pk]): (302, 403, 403, 200),
        reverse("reminders"): (302, 403, 403, 200),
        reverse("audit"): (302, 403, 403, 200),
    }
    assert len(views) == len(urlpatterns) - 3  # all but sign in, sign out and the set-password link, tested above
    for who, user in enumerate([None, people["greystone"], people["wickham"], people["officer"]]):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url, answers in views.items():
            for method in ("get", "post"):
                status = getattr(client, method)(url, {}).status_code
                allowed = {answers[who], 302} if answers[who] == 200 and method == "post" else {answers[who]}
                assert status in allowed, (who, method, url, status)  # a POST allowed may redirect when done
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.status, submitted.status) == ("draft", "pending")  # nobody's POST changed another's return
