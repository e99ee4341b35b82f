"""Many councils at once: the registry, and `spend national run` over the sample as two councils and a third whose
run fails. Each council's tables in the national storage are its single run's, to the penny; a council that fails
fails alone."""

import shutil
from pathlib import Path

import duckdb
import pytest

from core.config import ConfigError
from core.registry import load_registry
from pipelines.cli import main
from tests.helpers import SAMPLE_DIR, query

SOUTH_YORKSHIRE = "  South Yorkshire: [E08000016, E08000017, E08000018, E08000019, E08000039]\n"


def _council(folder: Path, name: str, home: str) -> str:
    """A copy of the sample as council `home`; its analysis file, relative to `folder`."""
    shutil.copytree(SAMPLE_DIR, folder / name, ignore=shutil.ignore_patterns("out"))
    config = folder / name / "analysis.yaml"
    config.write_text(config.read_text().replace("home_lad_codes: [E08000018]", f"home_lad_codes: [{home}]"))
    return f"{name}/analysis.yaml"


def _registry(folder: Path, analyses: list[str], groups: str = SOUTH_YORKSHIRE) -> Path:
    registry = folder / "councils.yaml"
    registry.write_text(f"analyses: [{', '.join(analyses)}]\ngroups:\n{groups}")
    return registry


def test_a_registry_names_what_is_wrong_with_it(tmp_path):
    rotherham = _council(tmp_path, "rotherham", "E08000018")
    assert list(load_registry(_registry(tmp_path, [rotherham])).councils()) == ["E08000018"]
    assert load_registry(_registry(tmp_path, [rotherham])).storage_path == tmp_path / "national"
    with pytest.raises(ConfigError, match=r"nowhere/analysis.yaml: analysis file not found"):
        load_registry(_registry(tmp_path, [rotherham, "nowhere/analysis.yaml"]))
    twin = _council(tmp_path, "twin", "E08000018")
    with pytest.raises(ConfigError, match=r"twin/analysis.yaml and .*rotherham/analysis.yaml are both council E0800"):
        load_registry(_registry(tmp_path, [rotherham, twin]))
    with pytest.raises(ConfigError, match=r"group 'Elsewhere' names no registered council's home LAD code"):
        load_registry(_registry(tmp_path, [rotherham], "  Elsewhere: [E06000001]\n"))
    (tmp_path / "bad.yaml").write_text("analyses: []\nstorage: x\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: invalid registry\n  analyses: List should have at least 1 item"):
        load_registry(tmp_path / "bad.yaml")


def test_each_council_runs_alone_and_its_tables_are_its_single_runs(sample_run, tmp_path, capsys):
    analyses = [_council(tmp_path, "rotherham", "E08000018"), _council(tmp_path, "sheffield", "E08000039")]
    broken = _council(tmp_path, "broken", "E08000019")
    (tmp_path / "broken" / "out" / "spend.duckdb").mkdir(parents=True)  # a folder where its warehouse should be
    registry = _registry(tmp_path, [*analyses, broken])
    assert main(["national", "run", "--registry", str(registry), "--workers", "2"]) == 1
    said = capsys.readouterr().out.splitlines()
    assert said[:2] == ["E08000018: published", "E08000039: published"]
    assert said[2].startswith("E08000019: failed: ") and "spend.duckdb" in said[2]
    storage = tmp_path / "national"
    assert said[3] == f"the national tables: {storage / 'national.duckdb'} and {storage}/<table>/ (Parquet)"

    dataset = f"read_parquet('{storage}/mart_local_spend_by_year/*/*/*.parquet', hive_partitioning = true)"
    with duckdb.connect() as con:
        columns = [name for (name, *_) in con.execute(f"DESCRIBE SELECT * FROM {dataset}").fetchall()]
        kept = ", ".join(c for c in columns if c != "council")
        national = con.execute(f"SELECT council, {kept} FROM {dataset} ORDER BY ALL").fetchall()
    single = query(sample_run[0], f"SELECT {kept} FROM mart_local_spend_by_year ORDER BY ALL")
    assert [row[1:] for row in national if row[0] == "E08000018"] == single  # to the penny: DECIMAL kept
    assert {row[0] for row in national} == {"E08000018", "E08000039"}  # the broken council wrote nothing
    assert not (storage / ".staging").exists() or not any((storage / ".staging").iterdir())

    with duckdb.connect(str(storage / "national.duckdb"), read_only=True) as con:
        councils = con.execute("SELECT council, status FROM national_councils ORDER BY council").fetchall()
        flows = con.execute(
            "SELECT paying_council, receiving_council, within_group, sum(spend) FROM mart_spend_between_areas"
            " WHERE lad_code IN ('E08000018', 'E08000039') GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        compared = con.execute(
            "SELECT council, fiscal_year, total_spend, home_share, group_name, group_rank, national_rank"
            " FROM mart_council_comparison ORDER BY fiscal_year, council"
        ).fetchall()
    assert councils == [
        ("E08000018", "published"),
        ("E08000019", "left out: no run of it has published"),  # named, not silently missing
        ("E08000039", "published"),
    ]
    mine = {(year, total, share) for council, year, total, share, *_ in compared if council == "E08000018"}
    assert mine == {(y, t, s) for y, t, s in query(
        sample_run[0], "SELECT fiscal_year, total_spend, home_share FROM mart_local_spend_by_year WHERE base = 'all'"
    )}  # fmt: skip
    for year in {row[1] for row in compared}:
        ranked = sorted((row for row in compared if row[1] == year), key=lambda row: -row[3])
        assert [row[6] for row in ranked] == [1, 2] and [row[5] for row in ranked] == [1, 2]
        assert {row[4] for row in ranked} == {"South Yorkshire"}
    # the sample's money landing in each other's home district, seen from each council, within South Yorkshire
    by_lad = query(
        sample_run[0],
        "SELECT lad_code, sum(spend) FROM mart_spend_by_lad WHERE base = 'all' AND lad_code IN ('E08000018',"
        " 'E08000039') GROUP BY ALL ORDER BY ALL",
    )
    assert [(row[0], row[1], row[2]) for row in flows] == [
        (payer, receiver, True) for payer in ("E08000018", "E08000039") for receiver in ("E08000018", "E08000039")
    ]
    assert [row[3] for row in flows] == [total for _, total in by_lad] * 2
