"""A supplier's returns uploaded as one CSV file (every row checked, nothing saved unless all pass), and the
reminders for due and late returns (each quarter once per stage)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from pipelines.cli import main
from portal.returns.models import AuditEvent, QuarterlyReturn, Reminder
from portal.returns.reminders import send_reminders
from tests.portal.pages import page_text, signed_in, upload

pytestmark = pytest.mark.django_db
HEADER = "Contract ID,Measure ID,Quarter,Quantity,Evidence,Submitted On,Status,Verified Quantity,Verified On,Note\n"


def _send(client, text: str, action: str = "submit", name: str = "returns.csv"):
    return client.post(reverse("upload_returns"), {"file": upload(name, text.encode()), "action": action})


def test_an_uploaded_returns_file_makes_one_return_per_contract_and_quarter(people, client):
    supplier = signed_in(client, people["greystone"])
    rows = (
        "SC-001,local_jobs,2019/20 Q1,2,timesheets,,,,,\n"
        'SC-001,volunteering,2019/20 Q1,"1,250.5",rota,,,,,\n'
        "SC-001,local_jobs,2019/20 Q2,3,timesheets,,pending,,,\n"
    )
    done = _send(supplier, HEADER + rows)
    assert done.status_code == 302
    made = {r.quarter: r for r in QuarterlyReturn.objects.all()}
    assert sorted(made) == ["2019/20 Q1", "2019/20 Q2"]
    first = made["2019/20 Q1"]
    assert (first.status, first.submitted_by) == ("pending", people["greystone"])
    assert first.evidence_text == "timesheets\nrota"
    assert {line.measure.measure_id: line.declared_quantity for line in first.lines.all()} == {
        "local_jobs": Decimal("2"),
        "volunteering": Decimal("1250.5"),
    }
    assert "2 return(s) from returns.csv submitted." in page_text(supplier.get(reverse("home")))
    assert AuditEvent.objects.filter(action="returns uploaded", what="returns.csv").get().detail == {
        "returns": 2,
        "submitted": True,
    }
    again = _send(supplier, HEADER + rows)  # submitted returns are read-only: the whole file is refused
    assert "line 2: the return for SC-001 2019/20 Q1 is already submitted" in page_text(again)
    assert QuarterlyReturn.objects.count() == 2


def test_every_bad_row_is_named_by_line_and_reason_and_nothing_is_saved(people, client):
    supplier = signed_in(client, people["greystone"])
    rows = (
        "SC-001,local_jobs,2019/20 Q1,2,fine,,,,,\n"  # line 2: good, yet not saved
        "SC-002,local_jobs,2019/20 Q3,1,,,,,,\n"  # line 3: another supplier's contract looks like no contract
        "SC-001,lunches,2019/20 Q1,1,,,,,,\n"
        "SC-001,local_jobs,2019 Q1,1,,,,,,\n"
        "SC-001,volunteering,2019/20 Q1,-1,,,,,,\n"
        "SC-001,volunteering,2019/20 Q2,5,,,verified,5,01/08/2019,\n"
        "SC-001,local_jobs,2019/20 Q1,3,,,,,,\n"
        "SC-001,local_jobs,2030/31 Q1,1,,,,,,\n"
    )
    refused = _send(supplier, HEADER + rows)
    assert refused.status_code == 200
    text = page_text(refused)
    assert "Nothing was saved: the file has 7 problems" in text
    for problem in [
        "line 3: no contract 'SC-002' of yours",
        "line 4: no measure 'lunches' in the framework",
        "line 5: quarter '2019 Q1' is not written like 2024/25 Q1",
        "line 6: quantity '-1' is not a number of 0 or more (4 decimals at most)",
        "line 7: Status, Verified Quantity and Verified On are the council's to fill: leave them empty",
        "line 8: SC-001 local_jobs 2019/20 Q1 is also on line 2",
        "line 9: 2030/31 Q1 is not a quarter of SC-001 that has begun",
    ]:
        assert problem in text
    assert not QuarterlyReturn.objects.exists()
    assert "line 1: the header lacks Quantity" in page_text(_send(supplier, "Contract ID,Measure ID,Quarter\n"))
    not_utf8 = supplier.post(
        reverse("upload_returns"), {"file": upload("r.csv", "Contract ID\nSC-001 caf\xe9\n".encode("latin-1"))}
    )
    assert "the file is not UTF-8 text: save it as 'CSV UTF-8'" in page_text(not_utf8)
    assert "the file has a header but no returns" in page_text(_send(supplier, HEADER))
    assert not QuarterlyReturn.objects.exists()


def test_an_upload_saved_as_drafts_replaces_the_drafts_and_officers_cannot_upload(people, client):
    supplier = signed_in(client, people["greystone"])
    _send(supplier, HEADER + "SC-001,local_jobs,2019/20 Q1,2,,,,,,\n", action="draft")
    _send(supplier, HEADER + "SC-001,volunteering,2019/20 Q1,7,,,,,,\n", action="draft")
    draft = QuarterlyReturn.objects.get()
    assert draft.status == "draft"
    assert [(line.measure.measure_id, line.declared_quantity) for line in draft.lines.all()] == [
        ("volunteering", Decimal("7"))
    ]
    officer = signed_in(client, people["officer"])
    assert _send(officer, HEADER + "SC-001,local_jobs,2019/20 Q1,2,,,,,,\n").status_code == 403


def test_reminders_go_once_when_due_and_once_when_late(people, client, capsys):
    due_day, late_day = datetime.date(2019, 7, 15), datetime.date(2019, 8, 5)  # SC-001's first quarter: due 30 Jul
    assert send_reminders(due_day) == (1, [])
    assert mail.outbox[0].to == ["ops@greystone.example"]
    assert "- SC-001 Highways resurfacing, 2019/20 Q1: due by 30 July 2019" in mail.outbox[0].body
    assert send_reminders(due_day) == (0, [])  # already reminded at this stage
    assert send_reminders(late_day) == (1, [])
    assert "2019/20 Q1: late (it was due by 30 July 2019)" in mail.outbox[1].body
    assert send_reminders(late_day) == (0, []) and len(mail.outbox) == 2
    assert list(Reminder.objects.values_list("quarter", "stage")) == [("2019/20 Q1", "due"), ("2019/20 Q1", "late")]

    QuarterlyReturn.objects.create(contract=people["greystone"].supplier.contracts.get(), quarter="2019/20 Q2")
    reached, nobody = send_reminders(datetime.date.today())  # every quarter since is late; a draft is not a return
    assert reached > 0 and "Moorgate Transport Limited" in nobody  # SC-003's supplier has no user to mail
    officer = signed_in(client, people["officer"])
    sent = officer.post(reverse("reminders"), follow=True)
    assert "Reminders sent for 0 quarter(s)." in page_text(sent)
    assert "Moorgate Transport Limited has no user to remind" in page_text(sent)
    assert AuditEvent.objects.filter(action="reminders sent").count() == 1
    assert signed_in(client, people["wickham"]).get(reverse("reminders")).status_code == 403
    assert main(["portal", "remind"]) == 0
    assert capsys.readouterr().out.startswith("reminders sent for 0 quarter(s); no user to remind at ")
    assert AuditEvent.objects.filter(action="reminders sent", user=None).count() == 1  # the command's
