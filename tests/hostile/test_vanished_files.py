"""A loaded file never leaves quietly: gone, renamed, emptied or unreadable, it stops the run naming its payments
and money until the analyst restores it or confirms the removal."""

import shutil

import pytest

from pipelines.cli import main
from tests.helpers import SAMPLE_DIR, query, run_analysis

#: These tests change past months of the ledger: as of a day before any year closes.
pytestmark = pytest.mark.usefixtures("years_open")

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme Ltd\n"
APRIL = "ledger/2019-04.csv"  # 82 payments, £1,414,260.21 of the baseline year's 900


@pytest.fixture
def sample(tmp_path, capsys):
    shutil.copytree(SAMPLE_DIR, tmp_path / "sample", ignore=shutil.ignore_patterns("out"))
    config = tmp_path / "sample" / "analysis.yaml"
    assert main(["run", "--config", str(config)]) == 0
    capsys.readouterr()
    return config


def baseline(config) -> tuple:
    return query(
        config, "SELECT payments, total_spend FROM mart_local_spend_by_year WHERE is_baseline AND base = 'all'"
    )[0]


def refused(config, capsys, why: str) -> None:
    """The run fails on the check, naming the file, its payments, its money and why; nothing is published."""
    before = baseline(config)
    assert main(["run", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        f"blocking check ledger_files:loaded_files_still_load failed: {APRIL} loaded 82 payments (£1,414,260.21) "
        f"in the last published run and {why}. Restore the file, or confirm that its payments leave: "
        f"spend confirm-removal --config {config} {APRIL}"
    ) in err
    assert "Nothing was published" in err
    assert baseline(config) == before


def test_an_emptied_renamed_or_garbled_file_stops_the_run_until_restored_or_confirmed(sample, capsys):
    config = sample
    april = config.parent / APRIL
    content = april.read_bytes()
    assert baseline(config)[0] == 900

    april.write_bytes(b"")  # a failed re-download
    refused(config, capsys, "is now empty (0 bytes)")
    april.write_bytes(content.splitlines(keepends=True)[0])  # the header alone
    refused(config, capsys, "now holds no data rows")
    april.rename(april.with_suffix(".CSV"))
    refused(config, capsys, "is gone; 2019-04.CSV lies beside it, which the ledger globs do not match")
    april.with_suffix(".CSV").unlink()
    refused(config, capsys, "is gone")
    april.with_suffix(".xlsx").write_bytes(b"PK\x03\x04")  # the council's workbook in its place
    refused(config, capsys, "is gone; 2019-04.xlsx lies beside it, which the ledger globs do not match")
    april.with_suffix(".xlsx").unlink()

    april.write_bytes((config.parent / "ledger" / "2019-05.csv").read_bytes())  # May saved over April
    refused(config, capsys, "now holds none of the payments it loaded (it has the same content as ledger/2019-05.csv)")

    april.write_bytes(content)  # restored: nothing to confirm, nothing changes
    assert main(["run", "--config", str(config)]) == 0
    assert baseline(config)[0] == 900

    april.unlink()
    capsys.readouterr()
    assert main(["confirm-removal", "--config", str(config), APRIL]) == 0
    assert capsys.readouterr().out == f"{APRIL}: its 82 payments (£1,414,260.21) leave the figures at the next run\n"
    assert main(["run", "--config", str(config)]) == 0
    # the baseline loses April, to the penny: £14,803,960.10 - £1,414,260.21
    baseline_year = (
        "SELECT payments, CAST(total_spend AS VARCHAR) FROM mart_local_spend_by_year WHERE is_baseline AND base = 'all'"
    )
    assert query(config, baseline_year) == [(818, "13389699.89")]

    april.write_bytes(content)  # back again, then gone again: the confirmation was used up
    assert main(["run", "--config", str(config)]) == 0
    assert baseline(config)[0] == 900
    april.unlink()
    capsys.readouterr()
    refused(config, capsys, "is gone")


def test_only_files_with_loaded_payments_can_be_confirmed(sample, capsys):
    assert main(["confirm-removal", "--config", str(sample), "ledger/1999-01.csv"]) == 2
    assert capsys.readouterr().err.startswith(
        "spend: no payments are loaded from ledger/1999-01.csv; files with loaded payments are named as in "
        "ledger_files.source_file, e.g. ledger/2018-04.csv"
    )


def test_a_file_whose_payments_another_file_holds_may_leave(sample, capsys):
    config = sample
    april = config.parent / APRIL
    (config.parent / "ledger" / "2019-04 (republished).csv").write_bytes(april.read_bytes())
    assert main(["run", "--config", str(config)]) == 0  # the copy sorts first: April's rows are its copies now
    assert baseline(config)[0] == 900
    assert query(config, f"SELECT count(*) FROM ledger_transactions WHERE source_file = '{APRIL}'") == [(0,)]


def test_an_empty_file_is_reported_as_empty_never_loaded(analysis):
    files = {"empty.csv": b"", "empty too.csv": b"", "header.csv": b"Date,Amount,Supplier Name\n", "l.csv": LEDGER}
    config = analysis(files)
    assert run_analysis(config).success
    assert query(config, "SELECT source_file, status FROM mart_ingest_quality ORDER BY 1") == [
        ("ledger/empty too.csv", "empty file: nothing loaded"),
        ("ledger/empty.csv", "empty file: nothing loaded"),
        ("ledger/header.csv", "no data rows: nothing loaded"),
        ("ledger/l.csv", "loaded"),
    ]


def test_a_file_renamed_in_the_landing_folder_keeps_its_payments(sample, capsys):
    config = sample
    landing = config.parent / "landing"
    (config.parent / "ledger" / "2022-01.csv").rename(landing / "2022-01.csv")  # moved, read from the landing
    assert main(["run", "--config", str(config)]) == 0
    (landing / "2022-01.csv").rename(landing / "2022-01.CSV")
    assert main(["run", "--config", str(config)]) == 0
    assert query(config, "SELECT count(*) FROM ledger_transactions WHERE source_file = 'landing/2022-01.CSV'") == [
        (81,)
    ]
    assert baseline(config)[0] == 900


def test_a_damaged_workbook_in_the_landing_folder_is_unreadable_not_a_crash(analysis):
    config = analysis({}, ledger=None, landing="landing")
    (config.parent / "landing").mkdir()
    (config.parent / "landing" / "good.csv").write_bytes(LEDGER)
    (config.parent / "landing" / "2019-05.xlsx").write_bytes(b"PK\x03\x04 cut short by a failed download")
    (config.parent / "landing" / "odd.txt").write_bytes(b"\xff\xfeD\x00a\x00t")  # UTF-16 cut mid-character
    assert run_analysis(config).success
    problems = dict(query(config, "SELECT source_file, problem FROM ledger_files WHERE problem IS NOT NULL"))
    assert problems["landing/2019-05.xlsx"] == "a damaged workbook, not readable: File is not a zip file"
    assert problems["landing/odd.txt"].startswith("no line among its first 30 names a column")
