"""Fixtures: the sample run once per session, and a scratch analysis builder (helpers are in tests/helpers.py)."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_DIR, YEARS_OPEN, run_analysis, write_analysis


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with slow tests first (in their order; the rest after, in theirs): pytest-xdist hands each worker a
    module at a time in this order, and a slow module handed out last would leave the other workers idle while it
    runs."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory) -> Path:
    """The committed sample copied to a scratch folder (its warehouse is written there)."""
    target = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE_DIR, target, ignore=shutil.ignore_patterns("out"))
    return target / "analysis.yaml"


@pytest.fixture(scope="session")
def sample_run(sample_copy):
    result = run_analysis(sample_copy)
    return sample_copy, result


@pytest.fixture
def years_open(monkeypatch):
    """Every run as of a day before any year of the test data closes ($SPEND_AS_OF, subprocesses too): for tests of
    the ledger's mechanics that change past months, which a closed year would refuse without a restatement."""
    from core.as_of import ENV_VAR

    monkeypatch.setenv(ENV_VAR, YEARS_OPEN)


@pytest.fixture
def analysis(tmp_path):
    """Write a small analysis folder (tests/helpers.py write_analysis) in the test's scratch folder."""

    def make(ledger_files: dict[str, bytes], supplier_file: bytes | None = None, **overrides) -> Path:
        return write_analysis(tmp_path, ledger_files, supplier_file, **overrides)

    return make


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (its own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    from presenting.report import chromium

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(),  # Debian's: Playwright's own download does not work here
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()
