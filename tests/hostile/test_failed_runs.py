"""A run publishes all or nothing: failed or killed after any step, the published tables, the quality page and the
scratch folder are left as the last good run left them, or, once the run has published, agree with each other."""

import hashlib
import multiprocessing
import os
import shutil

import duckdb
import pytest

from assets.intermediate.located_transactions import one_row_per_ledger_row
from assets.marts.mart_local_spend_by_year import reconciles_with_ledger
from assets.marts.mart_location_coverage import explains_unknown_spend
from assets.publish.published_runs import was_published
from assets.staging.ledger import reconciles_with_files
from core.config import load_config
from core.snapshot import snapshot_path
from core.warehouse import Warehouse, scratch_folder
from pipelines.cli import main
from pipelines.definitions import REFRESH
from tests.helpers import SAMPLE_DIR, query, run_analysis
from tests.hostile.sabotage import killed_in_environment, sabotaged_run

#: These tests change past months of the ledger: as of a day before any year closes.
pytestmark = pytest.mark.usefixtures("years_open")

HEADER = b"Date,Transaction Number,Amount,Supplier Name\n"
APRIL = HEADER + b"2019-04-01,T1,10.00,Acme Ltd\n2019-04-02,T2,20.00,Beta Co\n2019-04-03,T3,x,Acme Ltd\n"
MAY = HEADER + b"2019-05-01,T4,30.00,Acme Ltd\n2019-05-02,T5,40.00,Gamma\n"
JUNE = HEADER + b"2019-06-01,T6,50.00,Gamma\n2019-04-02,T2,20.00,Beta Co\n"
SUPPLIERS = b"supplier_id,supplier_name,postcode\nS1,Acme Ltd,Q1 1AA\nS2,Beta Co,QS1 1AA\n"
MORE_SUPPLIERS = SUPPLIERS + b"S3,Gamma,QM1 1AA\n"


def state(config) -> dict:
    """Every table of the warehouse (rows, a hash of their content, its comment), the quality page and the snapshot
    readers use (a hash of the file)."""
    path = load_config(config).warehouse_path
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE NOT temporary ORDER BY ALL"
        ).fetchall()
        found = {
            f"{schema}.{table}": (
                comment,
                *con.execute(f'SELECT count(*), sum(hash(t)) FROM "{schema}"."{table}" AS t').fetchall()[0],
            )
            for schema, table, comment in tables
        }
    page = path.with_name("ingest_quality_report.html")
    snapshot = hashlib.sha256(snapshot_path(path).read_bytes()).hexdigest()
    return {**found, "ingest_quality_report.html": page.read_text() if page.exists() else None, "snapshot": snapshot}


def published_runs(config) -> int:
    with duckdb.connect(str(load_config(config).warehouse_path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM published_runs").fetchall()[0][0]


def agrees_with_itself(config) -> None:
    warehouse = Warehouse(path=str(load_config(config).warehouse_path))
    for check in (reconciles_with_files, one_row_per_ledger_row, reconciles_with_ledger, explains_unknown_spend):
        assert check(warehouse=warehouse).passed, check.name


@pytest.fixture
def changed_analysis(analysis):
    """An analysis after one good run, whose inputs have since changed so that every step has work to do."""
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY}, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    (config.parent / "ledger" / "2019-06.csv").write_bytes(JUNE)
    (config.parent / "suppliers.csv").write_bytes(MORE_SUPPLIERS)
    return config


def failed_step(result) -> str:
    [failure] = result.get_step_failure_events()
    return failure.step_key


#: The expectation suite checks a run is failed after: every suite is checked by the same step (one blocking, one
#: that warns stand for them all); every other check is failed after, one at a time.
SUITES_FAILED_AFTER = {"ledger_transactions_expectation_suite", "ledger_quarantine_expectation_suite"}
#: The asset steps a run is failed after: the first to run (its failure leaves the most steps to run after it), the
#: ledger, placing, the headline mart, freezing and publishing. The test below kills a run after every asset step.
ASSETS_FAILED_AFTER = {"ledger", "supplier_locations", "located_transactions", "mart_local_spend_by_year",
                       "closed_year_figures", "published_runs"}  # fmt: skip


@pytest.mark.slow
def test_a_run_failing_after_any_check_or_a_key_asset_step_publishes_nothing_or_everything(changed_analysis):
    config = changed_analysis
    warehouse = load_config(config).warehouse_path
    before = state(config)
    shutil.copy(warehouse, warehouse.with_name("before.duckdb"))
    shutil.copy(snapshot_path(warehouse), warehouse.with_name("before.snapshot"))
    order = step_order(config)
    failed_after = [
        n for n, step in enumerate(order, start=1)
        if (step not in ASSET_STEPS and not step.endswith("_expectation_suite")) or step in SUITES_FAILED_AFTER
        or step in ASSETS_FAILED_AFTER or n == 1
    ]  # fmt: skip
    assert len(SUITES_FAILED_AFTER & set(order)) == 2 and set(order) >= ASSETS_FAILED_AFTER
    steps, published_by = [], []
    for at in failed_after:
        result = sabotaged_run(config, at=at)
        assert not result.success
        steps.append(failed_step(result))
        assert steps[-1] == order[at - 1]
        assert not scratch_folder(warehouse).exists()
        if not published(result, config):
            assert state(config) == before, steps[-1]
            continue
        # a check that does not block failed, or the publishing step after its commit: what was published agrees
        published_by.append(steps[-1])
        assert published_runs(config) == 2
        agrees_with_itself(config)
        shutil.copy(warehouse.with_name("before.duckdb"), warehouse)  # as before the run, for the next step
        warehouse.with_name("ingest_quality_report.html").write_text(before["ingest_quality_report.html"])
        shutil.copy(warehouse.with_name("before.snapshot"), snapshot_path(warehouse))
    assert {"ledger", "located_transactions", "mart_local_spend_by_year", "published_runs"} <= set(steps), steps
    # only a check that does not block may fail without stopping publication, or the last step after its commit
    allowed = ("_expectation_suite", "_has_baseline_year", "published_runs")
    assert all(step.endswith(allowed) for step in published_by), published_by


def published(result, config) -> bool:
    return was_published(load_config(config).warehouse_path, result.run_id)


def step_order(config) -> list[str]:
    """The steps of a run over a copy of `config`'s folder, in the order they run (each uses the warehouse once)."""
    copy = config.parent.with_name(config.parent.name + "_order")
    shutil.copytree(config.parent, copy)
    result = run_analysis(copy / config.name)
    assert result.success
    return [e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"]


def killed_run(config, at: int) -> multiprocessing.Process:
    """A process running the spend job over `config` that kills itself after its `at`-th step, started: forked
    from one that has imported the pipeline and Great Expectations (5 s a process otherwise)."""
    processes = multiprocessing.get_context("forkserver")
    processes.set_forkserver_preload(["tests.hostile.sabotage", "great_expectations"])
    process = processes.Process(target=killed_in_environment, args=(config, at, dict(os.environ)))
    process.start()
    return process


@pytest.mark.slow
def test_a_run_killed_after_any_asset_step_or_a_check_publishes_nothing_and_the_next_run_cleans_up(changed_analysis):
    config = changed_analysis
    warehouse = load_config(config).warehouse_path
    before = state(config)
    order = step_order(config)
    asset_steps = [n for n, step in enumerate(order, start=1) if step in KILLED_AFTER]
    assert [order[n - 1] for n in asset_steps][-1] == "published_runs"
    killed_after = asset_steps[:-1]
    for batch in (killed_after[i : i + 2] for i in range(0, len(killed_after), 2)):  # two at a time, on copies
        copies = {n: config.parent.with_name(f"killed_{n}") for n in batch}
        for copy in copies.values():
            shutil.copytree(config.parent, copy)
        killed = {n: killed_run(copy / config.name, n) for n, copy in copies.items()}
        for n, process in killed.items():
            process.join()
            assert process.exitcode == -9, order[n - 1]
            assert state(copies[n] / config.name) == before, order[n - 1]
            assert scratch_folder(load_config(copies[n] / config.name).warehouse_path).exists()
    # killed just after publishing: everything published, the scratch folder left for the next run to remove
    killed_run(config, asset_steps[-1]).join()
    assert published_runs(config) == 2
    assert scratch_folder(warehouse).exists()
    agrees_with_itself(config)  # a run of its own: it removes the scratch folder
    assert not scratch_folder(warehouse).exists()
    assert run_analysis(config).success
    assert not scratch_folder(warehouse).exists()


#: Every step that builds assets (a refresh's), by its step key.
ASSET_STEPS = {built.node_def.name for built in REFRESH}
#: The steps a run is killed after: every asset step, and two checks (one that blocks, one that remembers what it
#: validated).
KILLED_AFTER = ASSET_STEPS | {"ledger_transactions_reconciles_with_files", "ledger_transactions_expectation_suite"}


def test_the_issue_case_a_new_month_and_a_broken_supplier_file_leave_the_sample_as_it_was(tmp_path, capsys):
    shutil.copytree(SAMPLE_DIR, tmp_path / "s", ignore=shutil.ignore_patterns("out"))
    config = tmp_path / "s" / "analysis.yaml"
    assert main(["run", "--config", str(config)]) == 0
    published = capsys.readouterr().out
    shutil.copy(tmp_path / "s" / "ledger" / "2021-12.csv", tmp_path / "s" / "landing" / "2022-02.csv")
    (tmp_path / "s" / "suppliers.csv").write_text("name,pc\nA,B\n")
    assert main(["run", "--config", str(config)]) == 1
    assert "supplier file has no column supplier_name, postcode" in capsys.readouterr().err
    totals = "SELECT count(*), CAST(sum(amount) AS VARCHAR) FROM {}"
    assert query(config, totals.format("ledger_transactions")) == [(3517, "57597180.06")]
    assert query(config, totals.format("located_transactions")) == [(3517, "57597180.06")]
    assert query(
        config,
        "SELECT sum(payments), CAST(sum(total_spend) AS VARCHAR) FROM mart_local_spend_by_year WHERE base = 'all'",
    ) == [(3517, "57597180.06")]
    assert main(["report", "--config", str(config)]) == 0
    assert capsys.readouterr().out == published
