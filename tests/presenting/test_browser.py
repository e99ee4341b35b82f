"""The dashboard and the annual report in a real browser: Debian's Chromium, headless, driven by Playwright.

Each page must load with no console error and no request leaving the machine, and the figures it shows, read from
the page, must equal the marts'. A screenshot of each main view is written to screenshots/ at the project's root
(git-ignored) for a person to look at.
"""

import os
import re
import shutil
import subprocess
import time
import urllib.request

import pytest

from core.columns import formatted
from presenting.dashboard_server import streamlit_command
from tests.browser import Watched, free_port
from tests.helpers import query

VIEWS = ["Headline", "Over time", "Suppliers", "Breakdowns", "Leakage", "Map", "Coverage", "Data quality",
         "Social value", "Supply chain"]  # fmt: skip


@pytest.fixture(scope="module")
def dashboard(sample_run):
    config, _ = sample_run
    port = free_port()
    server = subprocess.Popen(
        streamlit_command(config, port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=config.parent
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the dashboard did not start within a minute")
        yield config, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def choose(page, view: str) -> None:
    """Show one view of the dashboard, and wait until Streamlit has drawn it."""
    page.locator("label").filter(has_text=re.compile(f"^{re.escape(view)}$")).click()
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    page.wait_for_timeout(500)


def mart_value(config, sql: str, kind: str) -> str:
    return formatted(query(config, sql)[0][0], kind)


def test_the_dashboard_shows_the_marts_figures_in_every_view_with_nothing_leaving_the_machine(dashboard, browser):
    config, url = dashboard
    watched = Watched(browser)
    page = watched.page
    page.goto(url)
    # the six headline figures drawn, and Streamlit's script done (it draws them a few at a time)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stMetricValue]').length === 6"
        " && !document.querySelector('[data-testid=stStatusWidget]')",
        timeout=60_000,
    )
    latest = "2021/22"
    shown = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    where = f"FROM mart_local_spend_by_year WHERE fiscal_year = '{latest}' AND base = 'all'"
    assert shown == [
        mart_value(config, f"SELECT home_share {where}", "share"),
        mart_value(config, f"SELECT home_and_region_share {where}", "share"),
        mart_value(config, f"SELECT target_home_share {where}", "share"),
        mart_value(config, f"SELECT total_spend {where}", "money"),
        mart_value(config, f"SELECT home_spend {where}", "money"),
        mart_value(config, f"SELECT unknown_spend {where}", "money"),
    ]
    assert shown[3] == "£14,295,835.31"  # the README's headline table, to the penny
    baseline_row = page.locator("table tr", has_text="2019/20 (baseline)").first.inner_text()
    assert mart_value(config, "SELECT home_spend FROM mart_local_spend_by_year WHERE fiscal_year = '2019/20'"
                              " AND base = 'all'", "money") in baseline_row  # fmt: skip
    assert page.get_by_text("Figures of the run published").count() == 1
    assert page.locator("svg[role=img] title", has_text="Home share, 2019/20 (baseline): 42.1%").count() == 1
    for view in VIEWS:
        choose(page, view)
        assert watched.screenshot(f"dashboard_{view.lower().replace(' ', '_')}").stat().st_size > 10_000
    choose(page, "Suppliers")
    first = query(config, f"SELECT supplier_name, spend FROM mart_top_suppliers WHERE fiscal_year = '{latest}'"
                          " AND base = 'all' AND rank = 1")[0]  # fmt: skip
    row = page.locator("table tr", has_text=first[0]).first.inner_text()
    assert formatted(first[1], "money") in row
    assert watched.errors == []
    assert watched.outside == []


def test_switching_to_the_influenceable_base_shows_its_figures(dashboard, browser):
    config, url = dashboard
    watched = Watched(browser)
    page = watched.page
    page.goto(url)
    page.wait_for_selector("[data-testid=stMetricValue]", timeout=60_000)
    page.get_by_text("influenceable spend", exact=True).click()
    influenceable = mart_value(
        config,
        "SELECT total_spend FROM mart_local_spend_by_year WHERE fiscal_year = '2021/22' AND base = 'influenceable'",
        "money",
    )
    page.wait_for_function(
        "total => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText === total)",
        arg=influenceable,
        timeout=30_000,
    )
    assert page.get_by_text("Base: influenceable (all payments except:").count() >= 1
    assert watched.errors == [] and watched.outside == []


@pytest.fixture(scope="module")
def report(sample_run, tmp_path_factory):
    from pipelines.cli import main

    config, _ = sample_run
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--config", str(config), "--html", str(out / "report.html"),
                 "--pdf", str(out / "report.pdf")]) == 0  # fmt: skip
    return config, out


def test_the_annual_report_is_one_self_contained_page_with_the_marts_figures(report, browser):
    config, out = report
    page_file = out / "report.html"
    text = page_file.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link" not in text and "@import" not in text  # nothing fetched
    watched = Watched(browser)
    watched.page.goto(page_file.as_uri())
    watched.page.wait_for_selector(".plotly svg", timeout=30_000)
    shown = watched.page.locator(".figure .value").all_inner_texts()
    where = "FROM mart_local_spend_by_year WHERE fiscal_year = '2021/22' AND base = 'all'"
    assert shown[:2] == [
        mart_value(config, f"SELECT home_share {where}", "share"),
        mart_value(config, f"SELECT home_and_region_share {where}", "share"),
    ]
    assert mart_value(config, f"SELECT total_spend {where}", "money") in shown
    assert watched.page.locator(".plotly").count() == 3  # the map, departments, the supply chain
    assert watched.page.locator("svg[role=img] title", has_text="Home share, 2021/22: 39.1%").count() == 1
    body = watched.page.inner_text("body")
    assert "Contains OS data © Crown copyright" in body and "Companies House" in body
    assert watched.screenshot("annual_report").stat().st_size > 10_000
    assert watched.errors == [] and watched.outside == []


def test_the_annual_report_prints_to_pdf(report):
    _, out = report
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 3
    if shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", out / "report.pdf", "-"], capture_output=True, text=True).stdout
        assert "£14,295,835.31" in words


def test_pdf_without_chromium_says_how_to_get_it(sample_run, tmp_path, monkeypatch, capsys):
    from pipelines.cli import main

    config, _ = sample_run
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("SPEND_CHROMIUM", raising=False)
    assert main(["report", "--config", str(config), "--pdf", str(tmp_path / "r.pdf")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []
