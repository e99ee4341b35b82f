"""What `spend portal ...` does: set Django up on the portal's database (migrated), sync it from an analysis, add
users, make the sample's demo accounts, and serve it."""

import os
import sys

import django

#: The demo accounts' password (the sample is SYNTHETIC; `make portal` prints it). Never used outside the demo.
DEMO_PASSWORD = "synthetic sample password"


def setup() -> None:
    """Django configured with the portal's settings and its database migrated."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def sync_analysis(config) -> str:
    from portal.returns.sync import sync

    counts = sync(config)
    return "; ".join(f"{what}: {n}" for what, n in sorted(counts.items()))


def add_user(email: str, supplier_id: str | None, officer: bool, password: str | None, base_url: str) -> str:
    """The account made, and how its user sets a password when none was given."""
    from portal.returns.accounts import add_user as make
    from portal.returns.accounts import send_set_password_link

    user = make(email, supplier_id, officer, password)
    if password is not None:
        return f"{user.email} added"
    link = send_set_password_link(user, base_url)
    return f"{user.email} added; it sets its password once at {link} (also sent by mail, or to the outbox)"


def demo_accounts() -> list[tuple[str, str]]:
    """One user per supplier and one officer, all with DEMO_PASSWORD (made once): (email, whose)."""
    from portal.returns.accounts import add_user as make
    from portal.returns.models import Supplier, User

    wanted = [("officer@council.example", None)] + [
        (f"supplier{n}@supplier.example", supplier) for n, supplier in enumerate(Supplier.objects.order_by("pk"), 1)
    ]
    made = []
    for email, supplier in wanted:
        if not User.objects.filter(email=email).exists():
            make(email, supplier.supplier_id if supplier else None, supplier is None, DEMO_PASSWORD)
        made.append((email, supplier.name if supplier else "officer"))
    return made


def remind() -> str:
    """Mail the reminders not yet sent for due and late returns (`spend portal remind`, e.g. daily from a timer)."""
    from django.utils import timezone

    from portal.returns.models import AuditEvent
    from portal.returns.reminders import send_reminders

    count, nobody = send_reminders(timezone.localdate())
    AuditEvent.objects.create(action="reminders sent", what=f"{count} quarter(s)", detail={"without_users": nobody})
    unreached = f"; no user to remind at {', '.join(nobody)}" if nobody else ""
    return f"reminders sent for {count} quarter(s){unreached}"


def serve(host: str, port: int, workers: int) -> None:
    """Serve the portal with Gunicorn (its static files by WhiteNoise), in the foreground until Ctrl-C: the same
    WSGI server a deployment runs behind its HTTPS proxy (README)."""
    gunicorn = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"{host}:{port}"]
    options = ["--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "5", "--no-control-socket"]
    os.execv(sys.executable, gunicorn + options)
