"""Closed years never change without a word: frozen by the first run after their close day, a change blocked and
named with why, accepted by `spend restate`, published by the next run and shown as restated.

The ledger: 2019/20 pays a home supplier £100 and one elsewhere £300 every month (home share exactly 25%), and
2020/21 has April only."""

from decimal import Decimal

import pytest

from assets.publish.closed_year_figures import awaiting_path
from pipelines.cli import main
from tests.helpers import query, run_analysis

SUPPLIERS = b"supplier_name,postcode\nHome Ltd,Q1 1AA\nAway Ltd,QM1 1AA\n"
LATE_INVOICE = b"Date,Amount,Supplier Name\n2020-03-20,1200.00,Home Ltd\n"


def ledger() -> bytes:
    days = [f"2019-{m:02d}-10" for m in range(4, 13)] + [f"2020-{m:02d}-10" for m in range(1, 5)]
    return (
        "Date,Amount,Supplier Name\n" + "".join(f"{d},100.00,Home Ltd\n{d},300.00,Away Ltd\n" for d in days)
    ).encode()


@pytest.fixture
def frozen(analysis):
    """The analysis after a run as of 1 July 2020: 2019/20 closed on 30 June and is frozen."""
    config = analysis({"ledger.csv": ledger()}, supplier_file=SUPPLIERS, targets="{'2020/21': 0.3}")
    assert run_analysis(config, as_of="2020-07-01").success
    return config


def headline_2019(config):
    return query(
        config,
        "SELECT total_spend, home_share FROM mart_local_spend_by_year WHERE fiscal_year = '2019/20' AND base = 'all'",
    )


def test_a_year_is_frozen_by_the_first_run_after_its_close_day_with_every_mart_row(analysis):
    config = analysis({"ledger.csv": ledger()}, supplier_file=SUPPLIERS)
    assert run_analysis(config, as_of="2020-06-30").success  # the close day itself: still open
    assert query(config, "SELECT count(*) FROM closed_year_figures") == [(0,)]
    assert run_analysis(config, as_of="2020-07-01").success
    assert query(
        config,
        "SELECT value FROM closed_year_figures WHERE fiscal_year = '2019/20'"
        " AND table_name = 'mart_local_spend_by_year' AND row_key = 'base=all'"
        " AND figure IN ('total_spend', 'home_spend', 'home_share') ORDER BY figure",
    ) == [("0.25",), ("1200.00",), ("4800.00",)]
    tables = {t for (t,) in query(config, "SELECT DISTINCT table_name FROM closed_year_figures")}
    assert tables == {"mart_local_spend_by_year", "mart_top_suppliers", "mart_top_suppliers_summary", "mart_leakage",
                      "mart_spend_breakdown", "mart_spend_by_lad", "mart_location_coverage",
                      "mart_target_progress"}  # fmt: skip
    # every figure of every row of the year, and nothing of the open year
    assert query(config, "SELECT DISTINCT fiscal_year FROM closed_year_figures") == [("2019/20",)]
    assert query(
        config,
        "SELECT count(*) FROM closed_year_figures WHERE table_name = 'mart_top_suppliers'",
    ) == [(2 * 2 * (len(query(config, "DESCRIBE mart_top_suppliers")) - 3),)]  # 2 suppliers x 2 bases
    inputs = dict(query(config, "SELECT input || ' ' || name, state FROM closed_year_inputs WHERE input <> 'supplier'"
                                " AND input <> 'analysis'"))  # fmt: skip
    assert inputs["ledger file ledger/ledger.csv"].endswith("24 payments, £4800.00")
    assert query(
        config, "SELECT count(DISTINCT inputs_fingerprint), count(DISTINCT frozen_by_run) FROM closed_year_figures"
    ) == [(1, 1)]


def test_a_change_to_a_closed_year_is_blocked_named_restated_and_then_published(frozen, capsys):
    before = headline_2019(frozen)
    assert before == [(Decimal("4800.00"), 0.25)]
    (frozen.parent / "ledger" / "late.csv").write_bytes(LATE_INVOICE)

    assert main(["run", "--config", str(frozen)]) == 1  # as of today: 2019/20 long closed
    err = capsys.readouterr().err
    assert "blocking check closed_year_changes:closed_years_unchanged failed: closed year 2019/20:" in err
    assert "mart_local_spend_by_year [base=all] total_spend: 4800.00 -> 6000.00 (+1,200.00)" in err
    assert "mart_local_spend_by_year [base=all] home_share: 0.25 -> 0.4 (+0.150000)" in err
    assert "Why: ledger file ledger/late.csv added (sha256 " in err
    assert "1 payments, £1200.00)" in err
    assert f"spend restate --config {frozen} --year 2019/20 --reason '...'" in err
    assert headline_2019(frozen) == before  # nothing published
    assert awaiting_path(frozen.parent / "out" / "test.duckdb").exists()

    assert main(["restate", "--config", str(frozen), "--year", "2019/20", "--reason", "late invoice from March"]) == 0
    out = capsys.readouterr().out
    assert "2019/20: " in out and "change(s) accepted (late invoice from March); the next run publishes them" in out
    assert "mart_local_spend_by_year [base=all] home_share: 0.25 -> 0.4" in out
    assert headline_2019(frozen) == before  # accepted, not yet published

    assert main(["run", "--config", str(frozen)]) == 0
    out = capsys.readouterr().out
    assert headline_2019(frozen) == [(Decimal("6000.00"), 0.4)]
    assert "2019/20 (baseline) (restated)" in out
    assert "2019/20: restated " in out and ": late invoice from March (" in out
    [(accepted, published, runs)] = query(
        frozen,
        "SELECT count(*), count(published_by_run), count(DISTINCT published_by_run) FROM restatements"
        " WHERE fiscal_year = '2019/20'",
    )
    assert accepted == published > 0 and runs == 1
    assert query(
        frozen,
        "SELECT f.value, r.before_value, r.reason FROM closed_year_figures AS f JOIN restatements AS r"
        " USING (restatement_id) WHERE f.table_name = 'mart_local_spend_by_year' AND f.row_key = 'base=all'"
        " AND f.figure = 'total_spend'",
    ) == [("6000.00", "4800.00", "late invoice from March")]
    assert not awaiting_path(frozen.parent / "out" / "test.duckdb").exists()
    assert main(["run", "--config", str(frozen)]) == 0  # published: nothing moves any more
    # the annual report marks the year restated, and says when and why
    assert main(["report", "--config", str(frozen), "--html", str(frozen.parent / "report.html")]) == 0
    page = (frozen.parent / "report.html").read_text(encoding="utf-8")
    assert "2019/20 (baseline, restated)" in page and ": late invoice from March (" in page


def test_a_restatement_accepts_the_changes_it_saw_and_no_others(frozen, capsys):
    (frozen.parent / "ledger" / "late.csv").write_bytes(LATE_INVOICE)
    assert main(["run", "--config", str(frozen)]) == 1
    assert main(["restate", "--config", str(frozen), "--year", "2019/20", "--reason", "late invoice"]) == 0
    (frozen.parent / "ledger" / "late.csv").write_bytes(LATE_INVOICE.replace(b"1200.00", b"1300.00"))
    capsys.readouterr()
    assert main(["run", "--config", str(frozen)]) == 1
    assert "total_spend: 4800.00 -> 6100.00 (+1,300.00)" in capsys.readouterr().err
    assert headline_2019(frozen) == [(Decimal("4800.00"), 0.25)]


def test_changes_to_an_open_year_and_to_targets_of_closed_years_are_told_apart(frozen):
    (frozen.parent / "ledger" / "may.csv").write_bytes(b"Date,Amount,Supplier Name\n2020-05-10,50.00,Home Ltd\n")
    assert run_analysis(frozen, as_of="2020-08-01").success  # 2020/21 is open: it moves freely
    targets = "[{shares: {'2020/21': 0.3}}, {measure: home_share, base: influenceable, shares: {'2019/20': 0.2}}]"
    frozen.write_text(frozen.read_text().replace("{'2020/21': 0.3}", targets))
    result = run_analysis(frozen, as_of="2020-08-01")
    assert not result.success  # a target set afresh for a closed year moves what was published about it
    [failed] = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert failed.description.startswith(
        "closed year 2019/20: 6 published figure(s) would move: mart_local_spend_by_year [base=influenceable]"
        " gap_to_target: empty -> -0.05; mart_local_spend_by_year [base=influenceable] target_home_share: empty -> 0.2;"
        " mart_target_progress [measure=home_share, base=influenceable] meets_target: empty -> true;"
    )
    assert "Why: analysis settings was " in failed.description


def test_a_figure_no_run_froze_yet_is_frozen_as_it_comes_not_reported(frozen):
    """A column that a newer version of the tool adds to a mart, as if the year had been frozen before it existed."""
    from core.config import load_config
    from core.warehouse import open_warehouse

    with open_warehouse(load_config(frozen).warehouse_path) as con:
        con.execute(
            "DELETE FROM closed_year_figures WHERE table_name = 'mart_local_spend_by_year' AND figure = 'months'"
        )
    assert run_analysis(frozen, as_of="2020-08-01").success
    assert query(
        frozen,
        "SELECT row_key, value, frozen_by_run <> (SELECT any_value(frozen_by_run) FROM closed_year_figures"
        " WHERE figure = 'total_spend') FROM"
        " closed_year_figures WHERE table_name = 'mart_local_spend_by_year' AND figure = 'months' ORDER BY 1",
    ) == [("base=all", "12", True), ("base=influenceable", "12", True)]


def test_restate_says_when_there_is_nothing_to_accept(frozen, capsys):
    assert main(["restate", "--config", str(frozen), "--year", "2019/20", "--reason", "x"]) == 2
    assert "no change to a closed year awaits a restatement" in capsys.readouterr().err
    (frozen.parent / "ledger" / "late.csv").write_bytes(LATE_INVOICE)
    assert main(["run", "--config", str(frozen)]) == 1
    assert main(["restate", "--config", str(frozen), "--year", "2018/19", "--reason", "x"]) == 2
    assert "no change to 2018/19 awaits a restatement; changes await for 2019/20" in capsys.readouterr().err
    assert main(["restate", "--config", str(frozen), "--year", "2019/20", "--reason", "  "]) == 2
    assert "--reason must say why the figures change" in capsys.readouterr().err


def test_a_closed_year_whose_payments_all_leave_is_blocked_even_after_the_removal_is_confirmed(frozen, capsys):
    (frozen.parent / "ledger" / "ledger.csv").unlink()  # the file of 2019/20 (and April 2020) is gone
    (frozen.parent / "ledger" / "april.csv").write_bytes(
        b"Date,Amount,Supplier Name\n2020-04-10,100.00,Home Ltd\n2020-04-10,300.00,Away Ltd\n"
    )
    assert main(["run", "--config", str(frozen)]) == 1
    assert "loaded_files_still_load" in capsys.readouterr().err
    assert main(["confirm-removal", "--config", str(frozen), "ledger/ledger.csv"]) == 0
    capsys.readouterr()
    assert main(["run", "--config", str(frozen)]) == 1
    err = capsys.readouterr().err
    assert "mart_local_spend_by_year [base=all] total_spend: 4800.00 -> (no row) (-4,800.00)" in err
    assert "Why: ledger file ledger/ledger.csv gone (was sha256 " in err
    assert "supplier S2 gone (was Home Ltd: home (office home), unknown, 12 payments, £1200.00)" in err
    assert headline_2019(frozen) == [(Decimal("4800.00"), 0.25)]


def test_a_warehouse_folder_named_with_a_quote_still_gets_its_changes_and_restates(tmp_path, capsys):
    """The changes awaiting a restatement are written beside the warehouse: a path is data, never SQL."""
    from tests.helpers import write_analysis

    folder = tmp_path / "o'brien's analysis"
    folder.mkdir()
    config = write_analysis(folder, {"ledger.csv": ledger()}, SUPPLIERS)
    assert run_analysis(config, as_of="2020-07-01").success
    (folder / "ledger" / "late.csv").write_bytes(LATE_INVOICE)
    assert main(["run", "--config", str(config)]) == 1
    assert awaiting_path(folder / "out" / "test.duckdb").exists()
    assert main(["restate", "--config", str(config), "--year", "2019/20", "--reason", "it's late"]) == 0
    assert main(["run", "--config", str(config)]) == 0
    assert headline_2019(config) == [(Decimal("6000.00"), 0.4)]
    assert query(config, "SELECT DISTINCT reason FROM restatements") == [("it's late",)]
