"""Each analysis has its own Dagster instance beside its warehouse: two councils' runs never meet on one asset."""

from dagster import AssetKey, DagsterInstance

from core.config import load_config
from pipelines.cli import main
from pipelines.instance import INSTANCE_SETTINGS, instance_folder
from tests.helpers import write_analysis

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme Ltd\n"
OTHER = b"Date,Amount,Supplier Name\n2019-04-01,99.99,Beta Co\n2019-05-01,0.01,Beta Co\n"


def latest_total(folder) -> tuple[str, int]:
    """The headline's total as the instance's last materialisation shows it, and how many runs the instance holds."""
    with DagsterInstance.from_config(str(folder)) as instance:
        event = instance.get_latest_materialization_event(AssetKey("mart_local_spend_by_year"))
        return event.asset_materialization.metadata["total spend (all)"].value, len(instance.get_runs())


def test_two_analyses_keep_their_runs_and_figures_apart(analysis, tmp_path, capsys):
    first = analysis({"a.csv": LEDGER})
    (tmp_path / "second").mkdir()
    second = write_analysis(tmp_path / "second", {"b.csv": OTHER})
    assert main(["run", "--config", str(first)]) == 0
    assert main(["run", "--config", str(second)]) == 0
    assert main(["run", "--config", str(second)]) == 0
    capsys.readouterr()
    homes = [instance_folder(load_config(config)) for config in (first, second)]
    assert homes[0] != homes[1]
    assert homes[0] == first.parent / "out" / "test.dagster"  # beside the warehouse, out/test.duckdb
    assert latest_total(homes[0]) == ("£10.00", 1)
    assert latest_total(homes[1]) == ("£100.00", 2)
    assert (homes[0] / "dagster.yaml").read_bytes() == INSTANCE_SETTINGS.read_bytes()  # telemetry off, one run
