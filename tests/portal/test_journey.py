"""The journeys in a real browser (Debian's Chromium, driven by Playwright) against the portal as `spend portal
serve` runs it (Gunicorn), set up by the `spend portal` commands on a database of its own: a new supplier user sets
a password from the link, signs in, submits a return with a file; an officer verifies it; `spend run` then shows it
in mart_social_value_by_outcome. axe finds no accessibility violation on any page the journeys pass, errors and
refusals included, and the pages fit a phone's width."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import resolve

from portal.returns.urls import urlpatterns
from tests.browser import Watched, free_port
from tests.helpers import ROOT, query
from tests.portal.analysis import sample_reading_portal, scratch_database
from tests.portal.pages import PASSWORD, PDF

CONTRACT, QUARTER = "SC-002", "2021/22 Q2"  # the sample's home care contract and its last quarter
MEASURE, TITLE = "local_jobs", "Local people employed (INVENTED)"  # committed on it


def spend(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def portal(sample_run, tmp_path):
    """The portal synced from the sample, with a supplier's new user (their set-password link) and an officer, served
    by `spend portal serve` on a free loopback port: (address, set-password link, database URL)."""
    config, _ = sample_run
    with scratch_database(tmp_path) as url:
        env = os.environ | {"DATABASE_URL": url, "SPEND_PORTAL_DATA": str(tmp_path / "portal")}
        spend(env, "portal", "sync", "--config", str(config))
        address = f"http://127.0.0.1:{free_port()}"
        said = spend(env, "portal", "user", "add", "care@wickham.example", "--supplier", "name wickham security ltd",
                     "--url", address)  # fmt: skip
        link = re.search(r"at (http://\S+/set-password/\S+/)", said)[1]
        spend(env, "portal", "user", "add", "officer@council.example", "--officer", "--password-stdin", stdin=PASSWORD)
        port = address.rsplit(":", 1)[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "portal", "serve", "--config", str(config), "--port", port,
             "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            _wait_for(address + "/sign-in/")
            yield address, link, url
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for(url: str) -> None:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the portal did not answer at {url}")


class Checked(Watched):
    """A page checked by axe at every step (no violation of WCAG 2.2 A/AA or best practice) and screenshotted."""

    def __init__(self, browser):
        super().__init__(browser)
        self.axe = Axe()
        self.visited: set[str] = set()  # the pages checked: their URL names, or the status they were refused with

    def check(self, name: str, status: int = 200) -> None:
        """Check the page; `status`: the HTTP status it was answered with (the browser logs any but 2xx as an
        error: that one is expected, no other)."""
        if status != 200:
            refused = f"Failed to load resource: the server responded with a status of {status}"
            assert self.errors[:1] and self.errors[0].startswith(refused), f"{name}: {self.errors}"
            del self.errors[0]
        results = self.axe.run(self.page)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        assert not self.errors, f"{name}: {self.errors}"
        self.screenshot(f"portal-{name}")
        self.visited.add(resolve(urlparse(self.page.url).path).url_name if status == 200 else str(status))

    def sign_in(self, address: str, email: str, password: str) -> None:
        self.page.goto(address + "/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()


def test_a_return_made_verified_and_counted_with_every_page_accessible(portal, browser, sample_run, tmp_path):
    address, link, url = portal
    user = Checked(browser)
    page = user.page
    page.goto(link)
    user.check("set-password")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill("not the same")
    page.get_by_role("button", name="Set password").click()
    assert page.locator(".govuk-error-summary").is_visible()
    user.check("set-password-error")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    assert "Your password is set" in page.inner_text("main")
    user.check("sign-in")
    user.sign_in(address, "care@wickham.example", "wrong password")
    assert "There is a problem" in page.inner_text("main")
    user.check("sign-in-error")
    user.sign_in(address, "care@wickham.example", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Wickham Security Ltd"
    user.check("home")
    page.set_viewport_size({"width": 360, "height": 800})  # a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    user.check("home-phone")
    page.set_viewport_size({"width": 1400, "height": 1000})

    page.get_by_role("link", name=QUARTER, exact=True).click()
    user.check("return")
    page.get_by_label(TITLE).fill("7")
    page.get_by_label("Evidence", exact=True).fill("Two local carers hired (SYNTHETIC)")
    disguised = tmp_path / "timesheet.pdf"
    disguised.write_bytes(b"MZ\x90\x00" + b"\0" * 64)
    page.get_by_label("Evidence files").set_input_files(disguised)
    page.get_by_role("button", name="Submit return").click()
    assert "timesheet.pdf is not a PDF, PNG, JPEG, CSV, XLSX or DOCX file" in page.inner_text(".govuk-error-summary")
    user.check("return-error")
    evidence = tmp_path / "timesheets.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label(TITLE).fill("7")
    page.get_by_label("Evidence files").set_input_files(evidence)
    page.get_by_role("button", name="Submit return").click()
    assert f"Return for {CONTRACT} {QUARTER} submitted." in page.inner_text("main")
    user.check("home-submitted")
    page.get_by_role("link", name=QUARTER, exact=True).click()
    assert "awaiting verification" in page.inner_text("main")
    user.check("return-submitted")
    page.goto(address + "/upload/")
    user.check("upload")
    bad = tmp_path / "returns.csv"
    bad.write_text("Contract ID,Measure ID,Quarter,Quantity\nSC-001,local_jobs,2019/20 Q1,1\n")
    page.get_by_label("Returns file (CSV)").set_input_files(bad)
    page.get_by_role("button", name="Submit returns").click()
    assert "line 2: no contract 'SC-001' of yours" in page.inner_text(".govuk-error-summary")
    user.check("upload-error")
    page.goto(address + "/verify/")
    assert "You cannot do that" in page.inner_text("main")  # suppliers cannot verify
    user.check("forbidden", status=403)
    page.goto(address + "/contracts/SC-001/2019/q1/")
    assert "Page not found" in page.inner_text("main")  # another supplier's contract
    user.check("not-found", status=404)
    page.get_by_role("button", name="Sign out").click()

    officer = Checked(browser)
    page = officer.page
    officer.sign_in(address, "officer@council.example", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Returns to verify"
    officer.check("queue")
    page.get_by_role("link", name=f"Check {CONTRACT} {QUARTER}").click()
    officer.check("decide")
    with page.expect_download() as download:
        page.get_by_role("link", name="timesheets.pdf").click()
    assert download.value.path().read_bytes() == PDF
    page.get_by_label(f"Verified quantity: {TITLE}").fill("8")
    page.get_by_role("button", name="Verify").click()
    assert "less than or equal to 7" in page.inner_text(".govuk-error-summary")
    officer.check("decide-error")
    page.get_by_label(f"Verified quantity: {TITLE}").fill("6")
    page.get_by_role("button", name="Verify").click()
    assert "Nothing awaits verification." in page.inner_text("main")
    page.get_by_role("link", name="Reminders").click()
    officer.check("reminders")
    page.get_by_role("button", name="Send reminders").click()
    assert "Reminders sent for" in page.inner_text("main")
    officer.check("reminders-sent")
    page.get_by_role("link", name="Audit trail").click()
    assert "verified" in page.inner_text("table")
    officer.check("audit")

    stranger = Checked(browser)
    for _ in range(5):  # the fifth failure locks the account
        stranger.sign_in(address, "nobody@example.com", "guess")
    assert "try again in 15 minutes" in stranger.page.inner_text("main")
    stranger.check("locked", status=429)
    stranger.page.goto(link)  # used once already
    assert "This link has expired" in stranger.page.inner_text("main")
    stranger.check("link-expired")
    every_page = {pattern.name for pattern in urlpatterns} - {"evidence", "logout"}  # a download and a button
    assert every_page | {"403", "404", "429"} <= user.visited | officer.visited | stranger.visited

    analysis = sample_reading_portal(tmp_path, url)
    spend(os.environ, "run", "--config", str(analysis))
    total = (
        "SELECT coalesce(sum(verified_quantity), 0) FROM mart_social_value_by_outcome"
        f" WHERE measure_id = '{MEASURE}' AND quarter = 'year'"
    )
    assert query(analysis, total)[0][0] - query(sample_run[0], total)[0][0] == Decimal("6")
