"""A bounded load check of the portal, run by hand (never by the tests): `python -m tooling.portal_load --database
sqlite|postgresql [--database-url URL]`. BENCHMARKS.md records what it printed.

What the issue asks: 200 suppliers submitting at quarter end at once, on SQLite and on PostgreSQL, with no error and
no return lost or doubled; and the officer queue's response time with 100,000 returns stored. So, on a fresh data
folder and a fresh database (migrated as `spend portal` migrates it):

1. Years of history are stored first (bulk, as setup: most returns verified, the latest five quarters of each
   contract awaiting verification, a rejected return now and then beside the return that superseded it), so that
   the burst's 200 returns bring the total to `--returns`.
2. The portal is served as `spend portal serve` serves it (Gunicorn on 127.0.0.1, on a free port).
3. 200 clients (threads), each a supplier's user with one contract, sign in all at once, open the return of the
   quarter that has just ended, then submit it all at once (a barrier releases them together; every fourth
   attaches a small PDF), then open their home page. Every request has a timeout and the whole burst a deadline.
4. The database is checked: one submitted return per contract for that quarter, with the declared lines and
   evidence each client sent, and every response what a browser expects (the POSTs 302 to the home page).
5. The officer's queue (/verify/) and one return's page (/verify/<pk>/) are timed over HTTP, then in process with
   their SQL captured, to say where the time goes.

It exits 1 if any request failed or any return is missing, doubled or wrong.

PostgreSQL: the tool creates a scratch database on the server of `--database-url` (whose role may create
databases) and drops it afterwards; `bash tooling/postgresql.sh` starts Debian's server and prints such a URL
(the tests' own role), so: `--database-url "$(bash tooling/postgresql.sh)"`.
"""

import argparse
import datetime
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

#: Every supplier's and the officer's password (hashed once, the hash copied: Argon2 takes 0.1 s a hash).
PASSWORD = "load check password 2026"
#: Evidence as a supplier attaches it: the portal judges a file by its first bytes.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
#: Quarters of history per contract, and the latest of them still awaiting verification.
HISTORY_QUARTERS, HISTORY_PENDING = 48, 5
#: Quarters (of 48) whose first return was rejected and superseded by a resubmission.
REJECTED_AT = (10, 30)
#: Quarters of the burst's contracts before the one they submit (verified): a contract about a year old.
EARLIER_QUARTERS = 3
CONTRACTS_PER_HISTORY_SUPPLIER = 4
OFFICER = "officer@load.example"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEASURE_FIELD = re.compile(r'name="(measure_\d+)"')


@dataclass
class Call:
    """One request as a client saw it: what for, its status (None when it raised), seconds, when it ended."""

    phase: str
    status: int | None
    seconds: float
    ended: float
    error: str | None = None


@dataclass
class Supplier:
    """One client of the burst: its user, its contract, and what it posted (to compare with the database)."""

    index: int
    email: str
    contract_id: str
    with_pdf: bool
    posted: dict[str, Decimal] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def scratch_database(server_url: str):
    """The URL of a new, empty database on the server of `server_url`, dropped afterwards whatever happens: each
    run starts from nothing and leaves nothing behind."""
    import psycopg
    from psycopg import sql

    name = f"portal_load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path="/" + name))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def configure(data: Path, database_url: str | None) -> dict[str, str]:
    """Point this process at the data folder and database (before Django reads its settings) and migrate; the
    environment the server is started with, the same."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPEND_PORTAL_") and k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings", "SPEND_PORTAL_DATA": str(data)}
    if database_url:
        env["DATABASE_URL"] = database_url
    os.environ.clear()
    os.environ.update(env)
    from portal.commands import setup

    setup()
    return env


def last_ended_quarter(today: datetime.date):
    from portal.returns.quarters import Quarter

    return Quarter.of(Quarter.of(today).first_day - datetime.timedelta(days=1))


def quarters_to(last, count: int) -> list:
    """`count` quarters ending with `last`, oldest first."""
    from portal.returns.quarters import Quarter

    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, Quarter.of(quarters[0].first_day - datetime.timedelta(days=1)))
    return quarters


def seed(suppliers: int, returns: int, today: datetime.date) -> list[Supplier]:
    """The framework, the burst's suppliers (one contract and one user each), the officer, and enough history that
    the burst brings the returns stored to `returns`; the burst's clients."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from portal.returns import models

    hashed = make_password(PASSWORD)
    last = last_ended_quarter(today)
    history_contracts = max(0, (returns - suppliers * (EARLIER_QUARTERS + 1)) // (HISTORY_QUARTERS + len(REJECTED_AT)))
    with transaction.atomic():
        outcome = models.Outcome.objects.create(outcome_id="NT1", title="More local people in employment")
        measures = [
            models.Measure.objects.create(measure_id=m, outcome=outcome, title=t, unit=u, proxy_value=v)
            for m, t, u, v in [
                ("NT1", "Local people employed", "FTE", Decimal("28117")),
                ("NT4", "Apprenticeship weeks", "weeks", Decimal("219")),
            ]
        ]
        officer = models.User.objects.create(email=OFFICER, is_officer=True, password=hashed)
        burst = _contracts("LOAD", suppliers, 1, quarters_to(last, EARLIER_QUARTERS + 1)[0].first_day, hashed)
        start = quarters_to(last, HISTORY_QUARTERS)[0].first_day
        history = _contracts("HIST", history_contracts, CONTRACTS_PER_HISTORY_SUPPLIER, start, hashed)
        models.Commitment.objects.bulk_create(
            models.Commitment(contract=c, measure=m, quantity=Decimal(10)) for c in burst + history for m in measures
        )
        _history(burst, quarters_to(last, EARLIER_QUARTERS + 1)[:-1], 0, measures, officer)
        _history(history, quarters_to(last, HISTORY_QUARTERS), HISTORY_PENDING, measures, officer)
    return [Supplier(i, _email(c.supplier_id), c.contract_id, i % 4 == 0) for i, c in enumerate(burst)]


def _contracts(prefix: str, contracts: int, each: int, start: datetime.date, hashed: str) -> list:
    """`contracts` contracts starting on `start`, `each` to a supplier, with one user per supplier."""
    from portal.returns import models

    made = models.Supplier.objects.bulk_create(
        models.Supplier(supplier_id=f"{prefix}-S{n:04d}", name=f"{prefix.title()} Supplier {n:04d} Ltd")
        for n in range(math.ceil(contracts / each))
    )
    models.User.objects.bulk_create(models.User(email=_email(s.pk), supplier=s, password=hashed) for s in made)
    return models.Contract.objects.bulk_create(
        models.Contract(
            contract_id=f"{prefix}-C{k:05d}",
            supplier=made[k // each],
            title="Highways maintenance",
            value=Decimal(250000),
            start_date=start,
            department="Place",
            over_threshold=True,
        )
        for k in range(contracts)
    )


def _email(supplier_pk: int) -> str:
    return f"supplier{supplier_pk}@load.example"


def _history(contracts: list, quarters: list, pending: int, measures: list, officer) -> None:
    """A return per contract and quarter, each submitted within a month of its quarter's end by the supplier's user:
    the latest `pending` quarters awaiting verification, the others verified; at REJECTED_AT, a rejected return
    superseded by the one that stands."""
    from django.utils import timezone

    from portal.returns import models

    users = dict(models.User.objects.filter(supplier__isnull=False).values_list("supplier_id", "pk"))
    standing, rejected = [], []
    for n, contract in enumerate(contracts):
        for k, quarter in enumerate(quarters):
            submitted = timezone.make_aware(
                datetime.datetime.combine(quarter.last_day, datetime.time(10)) + datetime.timedelta(days=n % 28 + 1)
            )
            verified = k < len(quarters) - pending
            kept = models.QuarterlyReturn(
                contract=contract,
                quarter=quarter.label,
                status="verified" if verified else "pending",
                evidence_text="Timesheets and payroll extracts.",
                submitted_at=submitted,
                submitted_by_id=users[contract.supplier_id],
                decided_at=submitted + datetime.timedelta(days=14) if verified else None,
                decided_by=officer if verified else None,
            )
            standing.append(kept)
            if k in REJECTED_AT:
                rejected.append((kept, submitted - datetime.timedelta(days=7)))
    models.QuarterlyReturn.objects.bulk_create(standing, batch_size=2000)
    superseded = models.QuarterlyReturn.objects.bulk_create(
        [
            models.QuarterlyReturn(
                contract=kept.contract,
                quarter=kept.quarter,
                status="rejected",
                evidence_text="Timesheets.",
                submitted_at=at,
                submitted_by_id=kept.submitted_by_id,
                decided_at=at + datetime.timedelta(days=3),
                decided_by=officer,
                rejection_reason="The timesheets do not name the contract.",
                superseded_by=kept,
            )
            for kept, at in rejected
        ],
        batch_size=2000,
    )
    models.ReturnLine.objects.bulk_create(
        (
            models.ReturnLine(
                quarterly_return=r,
                measure=m,
                declared_quantity=Decimal(i + 1),
                verified_quantity=Decimal(i + 1) if r.status == "verified" else None,
            )
            for r in standing + superseded
            for i, m in enumerate(measures)
        ),
        batch_size=5000,
    )


@contextmanager
def portal_server(env: dict[str, str], workers: int, log: Path, timeout: float):
    """The portal served as `spend portal serve` serves it, on a free loopback port; its base URL once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--graceful-timeout", "5"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server, timeout)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen, timeout: float) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends and server.poll() is None:
        try:
            if requests.get(f"{base}/sign-in/", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the portal did not answer within {timeout:.0f} s")


class Browser:
    """A user's browser, as far as the portal sees it: cookies, the form's CSRF token, no redirects followed (each
    must go where it should); every request timed and recorded."""

    def __init__(self, base: str, timeout: float, calls: list[Call]):
        self.base, self.timeout, self.calls = base, timeout, calls
        self.session = requests.Session()

    def call(self, phase: str, method: str, path: str, expect: int, went: str | None = None, shows: str = "", **kw):
        """The response, when its status is `expect`, it redirects to `went` and its page shows `shows`; None,
        recorded as an error, when not."""
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=self.timeout, allow_redirects=False, **kw)
        except requests.RequestException as failed:
            ended = time.perf_counter()
            self.calls.append(Call(phase, None, ended - started, ended, type(failed).__name__))
            return None
        ended = time.perf_counter()
        location = response.headers.get("Location")
        error = None
        if response.status_code != expect or location != went:
            error = f"{response.status_code} {location or ''}".strip()
        elif shows not in response.text:
            error = f"the page does not show {shows!r}"
        self.calls.append(Call(phase, response.status_code, ended - started, ended, error))
        return None if error else response

    def sign_in(self, email: str, phase: str = "sign in") -> bool:
        page = self.call("sign-in page", "GET", "/sign-in/", 200)
        if page is None:
            return False
        data = {"csrfmiddlewaretoken": TOKEN.search(page.text)[1], "username": email, "password": PASSWORD}
        return self.call(phase, "POST", "/sign-in/", 302, "/", data=data) is not None


def run_client(supplier: Supplier, base: str, quarter, timeout: float, barriers, deadline: float) -> None:
    """Sign in when all sign in, open the return, submit it when all submit, then open the home page."""
    browser = Browser(base, timeout, supplier.calls)
    path = f"/contracts/{supplier.contract_id}/{quarter.start_year}/q{quarter.number}/"
    signing_in, submitting = barriers
    form = None
    if _arrive(signing_in, deadline, supplier) and browser.sign_in(supplier.email):
        form = browser.call("return form", "GET", path, 200)
    if not _arrive(submitting, deadline, supplier) or form is None:
        return
    fields = MEASURE_FIELD.findall(form.text)
    supplier.posted = {name: Decimal(supplier.index + 1) + Decimal(n) / 4 for n, name in enumerate(fields)}
    data = {name: str(quantity) for name, quantity in supplier.posted.items()}
    data |= {"csrfmiddlewaretoken": TOKEN.search(form.text)[1], "evidence_text": "Payroll extract", "action": "submit"}
    files = {"evidence_files": ("evidence.pdf", PDF, "application/pdf")} if supplier.with_pdf else None
    if browser.call("submit", "POST", path, 302, "/", data=data, files=files) is not None:
        browser.call("home", "GET", "/", 200, shows=f"Return for {supplier.contract_id} {quarter.label} submitted.")


def _arrive(barrier: threading.Barrier, deadline: float, supplier: Supplier) -> bool:
    """Wait for the others (every client arrives, even one that failed, so that none waits in vain)."""
    try:
        barrier.wait(timeout=max(0.0, deadline - time.monotonic()))
        return True
    except threading.BrokenBarrierError:
        supplier.calls.append(Call("barrier", None, 0.0, time.perf_counter(), "broken barrier (deadline)"))
        return False


def burst(suppliers: list[Supplier], base: str, quarter, timeout: float, deadline: float) -> dict[str, float]:
    """Run every client at once; when the sign-in rush and the submit burst were released, and how many clients
    had not finished by the deadline."""
    released: dict[str, float] = {}
    barriers = tuple(
        threading.Barrier(len(suppliers), action=lambda name=name: released.setdefault(name, time.perf_counter()))
        for name in ("sign in", "submit")
    )
    ends = time.monotonic() + deadline
    threads = [
        threading.Thread(target=run_client, args=(s, base, quarter, timeout, barriers, ends), daemon=True)
        for s in suppliers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, ends - time.monotonic()))
    released["unfinished"] = sum(thread.is_alive() for thread in threads)
    return released


def check_database(suppliers: list[Supplier], quarter) -> list[str]:
    """What is wrong in the database after the burst: a return lost, doubled, not submitted, or not what its client
    sent (lines, evidence); an audit event missing."""
    from portal.returns import models

    problems = []
    found = models.QuarterlyReturn.objects.filter(contract__contract_id__startswith="LOAD-", quarter=quarter.label)
    by_contract: dict[str, list] = {}
    for r in found.select_related("contract", "submitted_by").prefetch_related("lines", "evidence"):
        by_contract.setdefault(r.contract.contract_id, []).append(r)
    for supplier in suppliers:
        kept = by_contract.get(supplier.contract_id, [])
        if len(kept) != 1:
            problems.append(f"{supplier.contract_id}: {len(kept)} returns for {quarter.label}")
            continue
        problems += [f"{supplier.contract_id}: {p}" for p in _return_problems(kept[0], supplier)]
    events = models.AuditEvent.objects.filter(action="submitted", what__startswith="LOAD-")
    submitted = events.filter(what__endswith=quarter.label).count()
    if submitted != len(suppliers):
        problems.append(f"{submitted} 'submitted' audit events for {len(suppliers)} submissions")
    return problems


def _return_problems(kept, supplier: Supplier) -> list[str]:
    problems = []
    if kept.status != "pending" or kept.superseded_by_id or kept.submitted_by.email != supplier.email:
        problems.append(f"status {kept.status}, superseded by {kept.superseded_by_id}, by {kept.submitted_by}")
    lines = {f"measure_{line.measure_id}": line.declared_quantity for line in kept.lines.all()}
    if lines != supplier.posted:
        problems.append(f"lines {lines} against posted {supplier.posted}")
    evidence = list(kept.evidence.all())
    wanted = 1 if supplier.with_pdf else 0
    if len(evidence) != wanted or (evidence and evidence[0].file.read() != PDF):
        problems.append(f"{len(evidence)} evidence files (wanted {wanted}, the PDF sent)")
    return problems


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: a value some request actually took."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report_burst(suppliers: list[Supplier], released: dict[str, float]) -> list[str]:
    """Print requests, errors and latencies per phase and the two rushes' wall times; the failed calls."""
    calls = [c for s in suppliers for c in s.calls]
    print(f"{'phase':<14}{'requests':>9}{'errors':>7}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    for phase in ("sign-in page", "sign in", "return form", "submit", "home"):
        timed = [c for c in calls if c.phase == phase]
        seconds = [c.seconds for c in timed] or [math.nan]
        errors = sum(c.error is not None for c in timed)
        spread = "".join(f"{percentile(seconds, p):>8.2f}" for p in (50, 95, 100))
        print(f"{phase:<14}{len(timed):>9}{errors:>7}{spread}")
    for rush in ("sign in", "submit"):
        ends = [c.ended for c in calls if c.phase == rush]
        if rush in released and ends:
            print(f"{rush} rush: {max(ends) - released[rush]:.2f} s wall, from release to the last response")
    failed = [f"client {s.index}: {c.phase} {c.error}" for s in suppliers for c in s.calls if c.error]
    if released["unfinished"]:
        failed.append(f"{released['unfinished']:.0f} clients unfinished at the deadline")
    print(f"requests: {len(calls)}, errors: {len(failed)}")
    return failed


def time_officer_pages(base: str, timeout: float, requests_count: int) -> list[str]:
    """The officer's queue and one return's page over HTTP, one request after another: seconds and size."""
    from portal.returns.models import QuarterlyReturn

    calls: list[Call] = []
    browser = Browser(base, timeout, calls)
    if not browser.sign_in(OFFICER, "officer sign in"):
        return [f"officer: {c.phase} {c.error}" for c in calls if c.error]
    waiting = QuarterlyReturn.objects.filter(status="pending", superseded_by__isnull=True)
    oldest = waiting.order_by("submitted_at", "pk").first()
    queue = ("queue", "/verify/", requests_count, f"oldest first ({waiting.count()})")
    for phase, path, count, shows in (queue, ("decide", f"/verify/{oldest.pk}/", 5, oldest.contract.contract_id)):
        sizes = []
        for _ in range(count):
            response = browser.call(phase, "GET", path, 200, shows=shows)
            sizes.append(len(response.content) if response is not None else 0)
        seconds = [c.seconds for c in calls if c.phase == phase]
        print(
            f"{phase} {path}: {count} requests, min {min(seconds):.3f} s, median {percentile(seconds, 50):.3f} s,"
            f" max {max(seconds):.3f} s, {max(sizes) / 1024:.0f} KiB"
        )
    return [f"officer: {c.phase} {c.error}" for c in calls if c.error]


def explain(path: str, user) -> None:
    """Where a page's time goes, in process: the whole request, its SQL (count, total, the slowest three)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path)  # templates loaded and compiled once, as a running worker has them
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(path)
        total = time.perf_counter() - started
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    sql_seconds = sum(float(q["time"]) for q in queries)
    print(f"  {path} in process: {total:.3f} s, {len(queries)} queries taking {sql_seconds:.3f} s")
    for query in queries[:3]:
        print(f"    {float(query['time']):.3f} s  {query['sql'][:150]}")


def explain_queue(today: datetime.date) -> None:
    """The queue's parts timed alone: its list of quarters without a return walks every contract's quarters."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.returns.models import Contract, QuarterlyReturn, User
    from portal.returns.reminders import open_quarters

    officer = User.objects.get(email=OFFICER)
    explain("/verify/", officer)
    oldest = QuarterlyReturn.objects.filter(status="pending").order_by("submitted_at", "pk").first()
    explain(f"/verify/{oldest.pk}/", officer)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        missing = open_quarters(today)
        seconds = time.perf_counter() - started
    rows = QuarterlyReturn.objects.exclude(status__in=["draft", "rejected"]).filter(superseded_by__isnull=True).count()
    contracts = Contract.objects.filter(archived=False).count()
    sql = sum(float(q["time"]) for q in captured.captured_queries)
    print(
        f"  open_quarters alone: {seconds:.3f} s ({sql:.3f} s SQL, {rows:,} returns read, {contracts:,} contracts"
        f" walked, {len(missing)} quarters missing)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--database-url", help="PostgreSQL: a server and a database its role can connect to")
    parser.add_argument("--suppliers", type=int, default=200, help="clients submitting at once")
    parser.add_argument("--returns", type=int, default=100_000, help="returns stored when the queue is timed")
    parser.add_argument("--workers", type=int, default=5, help="Gunicorn workers")
    parser.add_argument("--queue-requests", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds, each request")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds, the whole burst")
    args = parser.parse_args()
    if (args.database == "postgresql") != bool(args.database_url):
        parser.error("--database-url is needed for postgresql, and only for it")
    with tempfile.TemporaryDirectory(prefix="portal-load-") as data:
        if args.database == "postgresql":
            with scratch_database(args.database_url) as url:
                problems = run(args, Path(data), url)
        else:
            problems = run(args, Path(data), None)
    for problem in problems[:50]:
        print("PROBLEM", problem)
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


def run(args: argparse.Namespace, data: Path, database_url: str | None) -> list[str]:
    """Seed, serve, burst, check, time the officer's pages; every problem found."""
    env = configure(data, database_url)
    from django.db import connection
    from django.utils import timezone

    from portal.returns.models import QuarterlyReturn

    today = timezone.localdate()
    print(f"database: {connection.vendor} {_server_version(connection)}; {os.cpu_count()} cores; today {today}")
    started = time.perf_counter()
    suppliers = seed(args.suppliers, args.returns, today)
    quarter = last_ended_quarter(today)
    print(f"seeded {QuarterlyReturn.objects.count():,} returns in {time.perf_counter() - started:.1f} s")
    log = data / "gunicorn.log"
    with portal_server(env, args.workers, log, timeout=60) as base:
        print(f"burst: {len(suppliers)} suppliers submit {quarter.label} at once, {args.workers} Gunicorn workers")
        problems = report_burst(suppliers, burst(suppliers, base, quarter, args.timeout, args.deadline))
        problems += check_database(suppliers, quarter)
        stored = QuarterlyReturn.objects.count()
        pending = QuarterlyReturn.objects.filter(status="pending").count()
        print(f"database: {'ok' if not problems else 'see problems'}; {stored:,} returns stored, {pending:,} pending")
        problems += time_officer_pages(base, args.timeout, args.queue_requests)
    explain_queue(today)
    logged = [line for line in log.read_text(errors="replace").splitlines() if re.search(r"ERROR|CRITICAL|Trace", line)]
    return problems + [f"server log: {line}" for line in logged]


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
