"""Faults around the warehouse fail at once, in one line, with exit code 2, and change nothing."""

import subprocess
import sys

from pipelines.cli import main

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme Ltd\n"


def test_a_warehouse_in_use_by_another_process_is_named_with_its_process(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, supplier_matching="{decisions: decisions.csv}")
    assert main(["run", "--config", str(config)]) == 0
    capsys.readouterr()
    warehouse = config.parent / "out" / "test.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(warehouse)!r}); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline() == b"held\n"
        for command in ("run", "report", "review"):
            assert main([command, "--config", str(config)]) == 2
            [line] = capsys.readouterr().err.splitlines()
            assert line.startswith(f"spend: {warehouse} is in use by another process (PID {holder.pid}, python")
    finally:
        holder.communicate(b"")
    assert main(["report", "--config", str(config)]) == 0


def test_a_read_only_warehouse_is_refused_and_left_alone(analysis, capsys):
    config = analysis({"l.csv": LEDGER})
    assert main(["run", "--config", str(config)]) == 0
    warehouse = config.parent / "out" / "test.duckdb"
    before = warehouse.read_bytes()
    warehouse.chmod(0o444)
    (config.parent / "ledger" / "m.csv").write_bytes(LEDGER.replace(b"04-01", b"05-01"))
    capsys.readouterr()
    assert main(["run", "--config", str(config)]) == 2
    assert (
        capsys.readouterr().err == f"spend: {warehouse} is read-only: the warehouse file must be writable for a run\n"
    )
    assert warehouse.read_bytes() == before
    assert main(["report", "--config", str(config)]) == 0  # reading it is fine


def test_a_folder_given_as_the_warehouse_is_refused(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, warehouse="out")
    (config.parent / "out").mkdir()
    assert main(["run", "--config", str(config)]) == 2
    assert capsys.readouterr().err == (
        f"spend: {config.parent / 'out'} is a folder: `warehouse` must name a DuckDB file, such as out/spend.duckdb\n"
    )
    assert list((config.parent / "out").iterdir()) == []


def test_a_report_before_any_good_run_says_so(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, supplier_file=b"name,pc\nA,B\n")  # a supplier file the run rejects
    warehouse = config.parent / "out" / "test.duckdb"
    assert main(["report", "--config", str(config)]) == 2
    assert capsys.readouterr().err == (
        f"spend: {warehouse} does not exist: no run has published to it yet (run `spend run` first)\n"
    )
    assert main(["run", "--config", str(config)]) == 1
    capsys.readouterr()
    assert main(["report", "--config", str(config)]) == 2
    assert capsys.readouterr().err == (
        f"spend: {warehouse} holds no published tables yet: no run has succeeded (run `spend run` first)\n"
    )
