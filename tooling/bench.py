"""`spend bench`: the pipeline's cost at chosen sizes, written as JSON and as a readable table.

For each size, a SYNTHETIC analysis is generated (`spend scale`), then, each in its own process under
`/usr/bin/time -v` (wall time and peak memory as the kernel counts them):

- DuckDB alone reading the ledger files (`read_csv`, every column as text): the floor for ingest;
- the naive peer (`tooling/pandas_peer.py`): the plain pandas script an analyst would write instead, reading,
  parsing, placing by postcode and summing the same files; the run is compared with it as a ratio;
- each stage (an asset group of the code location: ingest, reference, location, marts) on its own, in order,
  on a fresh warehouse;
- the whole run end to end (`spend run`), on a fresh warehouse;
- an incremental refresh: one more month lands, `spend run` again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from assets.publish.published_runs import PUBLISH_GROUP
from tooling.scale import ScaleSpec, write_month_file, write_scale


def asset_groups() -> dict[str, list[str]]:
    """The asset groups of a refresh (the spend job) with their tables, in the order a run reaches them."""
    from pipelines.definitions import REFRESH

    found: dict[str, list[str]] = {}
    for built in REFRESH:
        for key, group in built.group_names_by_key.items():
            found.setdefault(group, []).append(key.to_user_string())
    return found


def stages() -> dict[str, list[str]]:
    """The stages of a run: every asset group but the publishing step's, which each stage runs after its own
    assets, as a whole run does at its end."""
    return {group: keys for group, keys in asset_groups().items() if group != PUBLISH_GROUP}


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([kKmM]?)$")


def parse_size(text: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000, '2500' -> 2500."""
    match = _SIZE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a size such as 100k, 1M or 2500")
    return int(float(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()])


def _timed(command: list[str], env: dict[str, str]) -> dict:
    """Run `command` under /usr/bin/time -v: its wall seconds, peak RSS in MiB, and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return {"seconds": round(wall, 2), "peak_mib": round(peak_kib / 1024), "stdout": done.stdout}


def _stage_command(config: Path, stage: str) -> list[str]:
    return [sys.executable, "-m", "tooling.bench", "--stage", stage, "--config", str(config)]


def run_stage(config: Path, stage: str) -> None:
    """In this process: materialise one stage's assets and their checks; print the seconds it took as JSON."""
    from dagster import AssetKey

    from pipelines.definitions import build_definitions

    job = None if stage == "duckdb read_csv" else build_definitions(config).resolve_job_def("spend")
    groups = asset_groups()
    started = time.perf_counter()
    if job is None:
        import duckdb

        from core.config import load_config

        files = [str(p) for p in load_config(config).ledger_files]
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files}, union_by_name = true, all_varchar = true)")
        result = {"rows": rows.fetchall()[0][0]}
    else:
        outcome = job.execute_in_process(
            # each stage publishes what it built, as a whole run does at its end
            asset_selection=[AssetKey(k) for k in [*groups[stage], *groups[PUBLISH_GROUP]]],
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
        )
        if not outcome.success:
            raise SystemExit(f"stage {stage} failed")
        result = {}
    print(json.dumps({**result, "seconds": round(time.perf_counter() - started, 2)}))


def _counts(config: Path) -> dict:
    import duckdb

    from core.config import load_config

    with duckdb.connect(str(load_config(config).warehouse_path), read_only=True) as con:
        loaded, quarantined, files = con.execute(
            "SELECT (SELECT count(*) FROM ledger_transactions), (SELECT count(*) FROM ledger_quarantine),"
            " (SELECT count(*) FROM ledger_files)"
        ).fetchall()[0]
        total, located = con.execute(
            "SELECT sum(total_spend), sum(total_spend - unknown_spend) FROM mart_local_spend_by_year WHERE base = 'all'"
        ).fetchall()[0]
    return {"loaded_rows": loaded, "quarantined_rows": quarantined, "files": files, "total_spend": str(total),
            "located_spend": str(located)}  # fmt: skip


def bench_size(payments: int, suppliers: int, folder: Path, directories: list[Path]) -> dict:
    """Generate one size and measure it; the result as a dict (see the module docstring)."""
    spec = ScaleSpec(payments=payments, suppliers=suppliers)
    if folder.exists():
        shutil.rmtree(folder)
    generated_at = time.perf_counter()
    written = write_scale(spec, folder, directories)
    generated = round(time.perf_counter() - generated_at, 2)
    config = folder / "analysis.yaml"
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    env.pop("DAGSTER_HOME", None)  # an ephemeral instance: runs of the benchmark are not kept
    warehouse = folder / "out"
    result: dict = {"payments": payments, "suppliers": suppliers, "files": len(written["files"]),
                    "generation_seconds": generated, "stages": {}}  # fmt: skip

    floor = _timed(_stage_command(config, "duckdb read_csv"), env)
    result["duckdb_read_csv"] = {**json.loads(floor.pop("stdout")), "wall_seconds": floor["seconds"],
                                 "peak_mib": floor["peak_mib"]}  # fmt: skip
    peer = _timed([sys.executable, "-m", "tooling.pandas_peer", "--config", str(config)], env)
    result["pandas_peer"] = {**json.loads(peer.pop("stdout")), "wall_seconds": peer["seconds"],
                             "peak_mib": peer["peak_mib"]}  # fmt: skip
    shutil.rmtree(warehouse, ignore_errors=True)
    for stage in stages():
        measured = _timed(_stage_command(config, stage), env)
        inner = json.loads(measured.pop("stdout").strip().splitlines()[-1])
        result["stages"][stage] = {"seconds": inner["seconds"], "wall_seconds": measured["seconds"],
                                   "peak_mib": measured["peak_mib"]}  # fmt: skip
    shutil.rmtree(warehouse, ignore_errors=True)
    spend = [sys.executable, "-m", "pipelines.cli", "run", "--config", str(config)]
    end_to_end = _timed(spend, env)
    end_to_end.pop("stdout")
    result["end_to_end"] = end_to_end
    result["counts"] = _counts(config)
    write_month_file(spec, folder, month=spec.months, rows=max(1, payments // spec.months), directories=directories)
    incremental = _timed(spend, env)
    incremental.pop("stdout")
    result["incremental_month"] = incremental
    result["counts_after_month"] = _counts(config)
    ingest_seconds = result["stages"]["ingest"]["seconds"]
    result["ingest_rows_per_second"] = round(payments / ingest_seconds) if ingest_seconds else None
    result["read_csv_rows_per_second"] = round(payments / max(result["duckdb_read_csv"]["seconds"], 1e-3))
    return result


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one row per size."""
    names = list(results[0]["stages"]) if results else []
    head = ["payments", "suppliers", "DuckDB read_csv s", "pandas peer s (MiB)", *(f"{s} s (MiB)" for s in names),
            "end to end s", "peak MiB", "end to end / peer", "end to end / read_csv", "ingest rows/s", "new month s",
            "new month / full"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        stages = [f"{r['stages'][s]['seconds']} ({r['stages'][s]['peak_mib']})" for s in names]
        full, peer = r["end_to_end"]["seconds"], r["pandas_peer"]["wall_seconds"]
        ratio = r["incremental_month"]["seconds"] / full
        cells = [
            f"{r['payments']:,}", f"{r['suppliers']:,}", str(r["duckdb_read_csv"]["seconds"]),
            f"{peer} ({r['pandas_peer']['peak_mib']})", *stages, str(full), str(r["end_to_end"]["peak_mib"]),
            f"{full / peer:.2f}x", f"{full / max(r['duckdb_read_csv']['wall_seconds'], 1e-3):.0f}x",
            f"{r['ingest_rows_per_second']:,}", str(r["incremental_month"]["seconds"]), f"{ratio:.0%}",
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bench(sizes: list[int], suppliers: int | None, out: Path, directories: list[Path]) -> list[dict]:
    """Measure every size; write out/results.json and out/results.md; return the results."""
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for payments in sizes:
        count = suppliers or max(100, min(500_000, payments // 50))
        results.append(bench_size(payments, count, out / f"size_{payments}", directories))
        (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    (out / "results.md").write_text(f"Machine: {machine}\n\n{table(results)}\n")
    return results


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tooling.bench", description="one stage, for `spend bench`")
    parser.add_argument("--stage", required=True, choices=[*stages(), "duckdb read_csv"])
    parser.add_argument("--config", required=True, type=Path)
    args = parser.parse_args(argv)
    run_stage(args.config, args.stage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
