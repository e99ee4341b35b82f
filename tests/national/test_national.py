"""Many councils at once: the registry, and `spend national run` over the sample registry (the sample council and
its two SYNTHETIC neighbours) and a fourth council whose run fails. Each council's tables in the national storage
are its single run's, to the penny, and the national tables give the generators' known figures; a council that
fails fails alone. On Dagster's Celery executor (Redis and two workers) the run gives the same tables, even when a
worker's process is killed mid-step."""

import contextlib
import io
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from core.config import ConfigError
from core.registry import SAMPLE_REGISTRY, load_registry
from core.snapshot import open_snapshot
from national import council_tables
from national.run import national_home, run_national_tables
from pipelines.cli import main
from tests.helpers import ROOT, SAMPLE_DIR
from tests.national.celery import celery_workers, same_tables
from tests.national.registries import assert_tables_are_single_runs, council_copy, write_registry
from tooling.neighbours import COMMON_NAMES, build_neighbours
from tooling.sample import build_sample

pytestmark = pytest.mark.slow
AS_OF = "2026-11-30"


def test_a_registry_names_what_is_wrong_with_it(tmp_path):
    rotherham = council_copy(tmp_path, "rotherham", "E08000018")
    assert list(load_registry(write_registry(tmp_path, [rotherham])).councils()) == ["E08000018"]
    assert load_registry(write_registry(tmp_path, [rotherham])).storage_path == tmp_path / "national"
    with pytest.raises(ConfigError, match=r"nowhere/analysis.yaml: analysis file not found"):
        load_registry(write_registry(tmp_path, [rotherham, "nowhere/analysis.yaml"]))
    twin = council_copy(tmp_path, "twin", "E08000018")
    with pytest.raises(ConfigError, match=r"twin/analysis.yaml and .*rotherham/analysis.yaml are both council E0800"):
        load_registry(write_registry(tmp_path, [rotherham, twin]))
    with pytest.raises(ConfigError, match=r"group 'Elsewhere' names no registered council's home LAD code"):
        load_registry(write_registry(tmp_path, [rotherham], "  Elsewhere: [E06000001]\n"))
    (tmp_path / "bad.yaml").write_text("analyses: []\nstorage: x\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: invalid registry\n  analyses: List should have at least 1 item"):
        load_registry(tmp_path / "bad.yaml")


def _national_sample(folder: Path) -> Path:
    """The committed sample registry (the sample council and its two SYNTHETIC neighbours) copied to `folder`, with
    a fourth council whose run fails (a folder where its warehouse should be); the registry's path."""
    shutil.copytree(SAMPLE_DIR, folder / "sample", ignore=shutil.ignore_patterns("out"))
    shutil.copytree(SAMPLE_REGISTRY.parent, folder / "national", ignore=shutil.ignore_patterns("out"))
    broken = folder / "national" / "broken"
    shutil.copytree(folder / "national" / "doncaster", broken)
    config = broken / "analysis.yaml"
    config.write_text(config.read_text().replace("home_lad_codes: [E08000017]", "home_lad_codes: [E08000019]"))
    (broken / "out" / "spend.duckdb").mkdir(parents=True)
    registry = folder / "national" / "councils.yaml"
    registry.write_text(registry.read_text().replace("  - doncaster/analysis.yaml\n", "  - doncaster/analysis.yaml\n"
                                                     "  - broken/analysis.yaml\n"))  # fmt: skip
    return registry


def _pence(value) -> int:
    return int(value * 100)


def _run(registry: Path, *options: str) -> tuple[int, list[str]]:
    """`spend national run` over `registry` as of AS_OF: its exit code and the lines it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["national", "run", "--registry", str(registry), "--workers", "2", "--as-of", AS_OF, *options])
    return code, printed.getvalue().splitlines()


def _said_each_council_alone(code: int, said: list[str], storage: Path) -> None:
    assert code == 1
    assert said[:3] == ["E08000018: published", "E08000016+E08000038: published", "E08000017: published"]
    assert said[3].startswith("E08000019: failed: ") and "spend.duckdb" in said[3]
    assert said[4] == f"the national tables: {storage / 'national.duckdb'} and {storage}/<table>/ (Parquet)"


@pytest.fixture(scope="module")
def sample_registry_run(tmp_path_factory) -> Path:
    """The sample registry with its broken fourth council, run on the multiprocess executor: the folder."""
    folder = tmp_path_factory.mktemp("multiprocess")
    registry = _national_sample(folder)
    _said_each_council_alone(*_run(registry), folder / "national" / "out")
    return folder


def test_each_council_runs_alone_and_its_tables_are_its_single_runs(sample_registry_run):
    tmp_path = sample_registry_run
    storage = tmp_path / "national" / "out"

    # each council's tables the national tables read, as its single run published them, to the penny (DECIMAL kept)
    councils = {"E08000018": tmp_path / "sample", "E08000016+E08000038": tmp_path / "national" / "barnsley",
                "E08000017": tmp_path / "national" / "doncaster"}  # fmt: skip
    # (the broken council wrote nothing)
    assert_tables_are_single_runs(storage, {key: folder / "out" / "spend.duckdb" for key, folder in councils.items()})

    with duckdb.connect(str(storage / "national.duckdb"), read_only=True) as con:
        statuses = con.execute("SELECT council, status FROM national_councils ORDER BY council").fetchall()
        compared = con.execute(
            "SELECT council, fiscal_year, partial_year, payments, total_spend, home_spend, region_spend,"
            " elsewhere_spend, unknown_spend, group_name, group_rank, national_rank, home_share"
            " FROM mart_council_comparison ORDER BY fiscal_year, council"
        ).fetchall()
        flows = con.execute(
            "SELECT paying_council, receiving_council, fiscal_year, sum(spend) FROM mart_spend_between_areas"
            " WHERE receiving_council IS NOT NULL GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        shared = con.execute(
            "SELECT fiscal_year, supplier_key, matched_by, supplier_name, paying_council, spend, councils"
            " FROM mart_shared_suppliers ORDER BY ALL"
        ).fetchall()
        tables = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'national' AND NOT internal"
            " AND table_name <> 'expectation_suite_results'"
        ).fetchall()
    meanings = yaml.safe_load((ROOT / "core" / "columns.yaml").read_text())["columns"]
    assert {table for table, _ in tables} == {"mart_council_comparison", "mart_spend_between_areas",
                                              "mart_shared_suppliers", "national_councils"}  # fmt: skip
    assert [f"{t}.{c}" for t, c in tables if c not in meanings and f"{t}.{c}" not in meanings] == []
    assert statuses == [
        ("E08000016+E08000038", "published"),
        ("E08000017", "published"),
        ("E08000018", "published"),
        ("E08000019", "left out: no run of it has published"),  # named, not silently missing
    ]
    # each council's year as the generators built it: payments and pence by ring, Doncaster's last year partial
    expected = {"E08000018": build_sample()} | dict(zip(("E08000016+E08000038", "E08000017"),
                                                         build_neighbours().values(), strict=True))  # fmt: skip
    rings = ("total", "home", "region", "elsewhere", "unknown")
    assert {(row[0], row[1]): (row[2], row[3], *map(_pence, row[4:9])) for row in compared} == {
        (key, year): (key == "E08000017" and year == "2021/22", figures["payments"], *(figures[r] for r in rings))
        for key, sample in expected.items()
        for year, figures in sample.expected_by_year().items()
    }
    for year in {row[1] for row in compared}:
        ranked = sorted((row for row in compared if row[1] == year), key=lambda row: -row[12])
        assert [row[11] for row in ranked] == [row[10] for row in ranked] == list(range(1, len(ranked) + 1))
        assert {row[9] for row in ranked} == {"South Yorkshire"}

    # the money landing in each registered council's home districts, from each payer's own mart_spend_by_lad
    homes = {"E08000018": ["E08000018"], "E08000016+E08000038": ["E08000016", "E08000038"], "E08000017": ["E08000017"]}
    by_lad = []
    for payer, folder in councils.items():
        with open_snapshot(folder / "out" / "spend.duckdb") as con:
            for receiver, codes in homes.items():
                by_lad += [(payer, receiver, year, total) for year, total in con.execute(
                    "SELECT fiscal_year, sum(spend) FROM mart_spend_by_lad WHERE base = 'all'"
                    " AND list_contains($codes, lad_code) GROUP BY ALL", {"codes": codes}).fetchall()]  # fmt: skip
    assert flows == sorted(by_lad)

    # shared suppliers: the one company both neighbours pay under two names, by its number, to the penny; and every
    # supplier of the sample council a neighbour pays, by name, in each year both paid it
    paid = _pence_by_supplier(expected)
    common = [row for row in shared if row[1] == "company:07123456"]
    assert {(row[0], row[4], _pence(row[5])) for row in common} == {
        (year, key, pence) for (key, year, name), pence in paid.items() if name in COMMON_NAMES
    }
    assert {row[2] for row in common} == {"company number"} and {row[6] for row in common} == {2} and len(common) == 6
    sample_names = {s.name for s in expected["E08000018"].suppliers}
    by_name = {(year, key, name): pence for (key, year, name), pence in paid.items() if name in sample_names}
    both = {(year, name) for (year, key, name) in by_name if key != "E08000018"}
    assert len(both) == 36  # 12 of the sample council's suppliers a year
    assert {(row[0], row[4], row[3]): _pence(row[5]) for row in shared if (row[0], row[3]) in both} == {
        (year, key, name): pence
        for (year, key, name), pence in by_name.items()
        if (year, name) in both and any((year, k, name) in by_name for k in expected if k != key)
    }


def test_the_celery_executor_gives_the_same_figures_and_a_killed_worker_loses_nothing(sample_registry_run, tmp_path):
    """Redis on loopback and two Celery workers (`spend national worker`); one worker's step process is killed
    mid-step: that council's run fails, its re-execution publishes, and every table equals the multiprocess run's."""
    registry = _national_sample(tmp_path)
    with celery_workers(tmp_path / "celery", ("w1", "w2")) as workers:
        outcome = []
        run = threading.Thread(target=lambda: outcome.append(_run(registry, "--celery", workers.url)))
        run.start()
        workers.wait_for("w1", "received")
        time.sleep(6)  # mid-step: the council's own run is under way (a step takes 15 s or more)
        workers.kill_step("w1")
        run.join(900)
    assert outcome, "the run on Celery did not end in 15 minutes"
    _said_each_council_alone(*outcome[0], tmp_path / "national" / "out")
    assert "WorkerLostError" in workers.log("w1") and " succeeded in " in workers.log("w2")
    runs = _council_runs(tmp_path / "national" / "out")
    (killed,) = [key for key, found in runs.items() if len(found) == 2]
    published = {key: ["SUCCESS"] for key in ("E08000018", "E08000016+E08000038", "E08000017")}
    assert {key: [status for status, *_ in found] for key, found in runs.items()} == published | {
        "E08000019": ["FAILURE"],
        killed: ["FAILURE", "SUCCESS"],
    }
    (_, failed_run, _), (_, _, parent) = runs[killed]
    assert parent == failed_run  # the second run is the re-execution of the failed one
    same_tables(sample_registry_run / "national" / "out", tmp_path / "national" / "out")


def _council_runs(storage: Path) -> dict[str, list[tuple[str, str, str | None]]]:
    """Council key -> its runs on the national instance, oldest first: (status, run id, parent run's id)."""
    from dagster import DagsterInstance

    found: dict[str, list] = {}
    with DagsterInstance.from_config(str(storage / ".dagster")) as instance:
        for run in reversed(instance.get_runs()):
            if run.job_name == "council":
                key = run.tags["dagster/partition"]
                found.setdefault(key, []).append((run.status.value, run.run_id, run.parent_run_id))
    return found


def test_a_council_half_replaced_is_left_out_by_name_until_written_whole(sample_registry_run, monkeypatch):
    """Its process killed between two renames of its tables (run last: it rewrites the module's storage)."""
    tmp_path, registry = sample_registry_run, sample_registry_run / "national" / "councils.yaml"
    storage = tmp_path / "national" / "out"
    doncaster = tmp_path / "national" / "doncaster" / "out" / "spend.duckdb"
    replace, renamed = council_tables._replace, []

    def killed_after_two(new, old, retired):
        if len(renamed) == 2:
            raise RuntimeError("killed")
        renamed.append(old)
        replace(new, old, retired)

    monkeypatch.setattr(council_tables, "_replace", killed_after_two)
    with pytest.raises(RuntimeError, match="killed"):
        council_tables.write_council_tables(doncaster, "E08000017", storage)
    assert council_tables.council_state(storage, "E08000017") == "replacing"
    assert _national_councils(registry, storage)["E08000017"] == "left out: a run stopped while replacing its tables"
    monkeypatch.undo()
    council_tables.write_council_tables(doncaster, "E08000017", storage)
    assert _national_councils(registry, storage)["E08000017"] == "published"


def _national_councils(registry: Path, storage: Path) -> dict[str, str]:
    """Run the national tables alone; national_councils' statuses, and no Doncaster row unless it is published."""
    assert run_national_tables(registry, national_home(storage), []) == []
    with duckdb.connect(str(storage / "national.duckdb"), read_only=True) as con:
        statuses = dict(con.execute("SELECT council, status FROM national_councils").fetchall())
        compared = {c for (c,) in con.execute("SELECT DISTINCT council FROM mart_council_comparison").fetchall()}
    assert ("E08000017" in compared) == (statuses["E08000017"] == "published")
    return statuses


def _pence_by_supplier(expected: dict) -> dict[tuple[str, str, str], int]:
    """(council, year, supplier name) -> pence of its loaded payments, from the generators' expected rows."""
    paid: dict[tuple[str, str, str], int] = {}
    for key, sample in expected.items():
        names = {s.supplier_id: s.name for s in sample.suppliers}
        for row in sample.expected_rows:
            if row.loaded and row.party in names:
                index = (key, row.fiscal_year, names[row.party])
                paid[index] = paid.get(index, 0) + row.pence
    return paid


def test_a_councils_new_month_runs_that_council_and_the_national_tables_alone(sample_registry_run, capsys):
    registry, storage = sample_registry_run / "national" / "councils.yaml", sample_registry_run / "national" / "out"
    assert main(["national", "run", "--registry", str(registry), "--council", "E08000099"]) == 2
    assert "has no council E08000099 (it has E08000018, E08000016+E08000038, E08000017, E08000019)" in (
        capsys.readouterr().err
    )
    others = {path: path.read_bytes() for path in storage.glob("*/council=E08000016%2BE08000038/**/*.parquet")}
    others |= {path: path.read_bytes() for path in storage.glob("*/council=E08000018/**/*.parquet")}
    runs_before = _council_runs(storage)
    month = sample_registry_run / "national" / "doncaster" / "ledger" / "2026-05.csv"  # in the open year, 2026/27
    month.write_text(
        "Body Name,Date,Transaction Number,Net Amount,Supplier Name,Supplier ID,Expense Area,Expense Type\n"
        "SYNTHETIC Doncaster neighbour,2026-05-05,D20260500001,100.00,Dovecote Care Services LLP,D0004,Adults,Care\n"
        "SYNTHETIC Doncaster neighbour,2026-05-19,D20260500002,250.50,Dovecote Care Services LLP,D0004,Adults,Care\n"
    )

    code, said = _run(registry, "--council", "E08000017")
    published = f"the national tables: {storage / 'national.duckdb'} and {storage}/<table>/ (Parquet)"
    assert (code, said) == (0, ["E08000017: published", published])
    runs = _council_runs(storage)
    assert {key: len(found) for key, found in runs.items()} == {
        key: len(found) + (key == "E08000017") for key, found in runs_before.items()
    }  # one run more, Doncaster's
    assert {path: path.read_bytes() for path in others} == others  # the other councils' tables untouched
    with duckdb.connect(str(storage / "national.duckdb"), read_only=True) as con:
        new_year = con.execute(
            "SELECT council, payments, total_spend, partial_year FROM mart_council_comparison"
            " WHERE fiscal_year = '2026/27'"
        ).fetchall()
    assert new_year == [("E08000017", 2, Decimal("350.50"), True)]
