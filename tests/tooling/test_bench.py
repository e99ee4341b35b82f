"""The benchmark harness at a tiny size: its outputs are right (timings are not asserted)."""

import json

import pytest

from tooling.bench import bench, parse_size, stages
from tooling.scale import ScaleSpec, write_scale


def test_sizes_read_as_people_write_them():
    assert [parse_size(s) for s in ("100k", "1M", "2.5m", "2500")] == [100_000, 1_000_000, 2_500_000, 2500]


def test_the_generator_is_deterministic_and_writes_every_payment(tmp_path):
    spec = ScaleSpec(payments=5_000, suppliers=300, months=12)
    first, second = write_scale(spec, tmp_path / "a"), write_scale(spec, tmp_path / "b")
    assert first == second and len(first["files"]) == 12
    for name in first["files"]:
        assert (tmp_path / "a" / "ledger" / name).read_bytes() == (tmp_path / "b" / "ledger" / name).read_bytes()
    rows = sum(len(p.read_text().splitlines()) - 1 for p in (tmp_path / "a" / "ledger").glob("*.csv"))
    assert rows == 5_000


@pytest.mark.slow
def test_bench_measures_every_stage_and_the_new_month(tmp_path):
    [result] = bench([3_600], 200, tmp_path, [])
    assert list(result["stages"]) == list(stages())
    assert all(stage["peak_mib"] > 0 and stage["seconds"] > 0 for stage in result["stages"].values())
    counts, after = result["counts"], result["counts_after_month"]
    assert counts["loaded_rows"] + counts["quarantined_rows"] == 3_600
    assert counts["files"] == 36 and after["files"] == 37
    assert after["loaded_rows"] + after["quarantined_rows"] == 3_600 + 100  # the new month's 100 payments
    assert result["duckdb_read_csv"]["rows"] == 3_600
    peer = result["pandas_peer"]
    assert peer["payments"] == 3_600 and peer["peak_mib"] > 0
    located = sum(amount for year in peer["by_year"].values() for ring, amount in year.items() if ring != "unknown")
    assert located > 0
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved == [result]
    row = next(
        line for line in (tmp_path / "results.md").read_text().splitlines() if line.startswith("| 3,600 | 200 |")
    )
    full, peer_seconds = result["end_to_end"]["seconds"], peer["wall_seconds"]
    assert f"| {full / peer_seconds:.2f}x |" in row
