"""The three real ledgers in ../shared as one registry, each council with its own places (Calderdale, Devon's eight
districts, Sheffield): each council's tables in the national storage are its single run's to the penny, the
national tables add up to them (the run checks it, and fails if not), and the councils' shared suppliers are found.

Published ledgers carry no supplier postcodes and their supplier files are empty here: every payment is in the
unknown ring, which the national tables must carry as it is."""

import duckdb
import pytest

from pipelines.cli import main
from tests.helpers import YEARS_OPEN, shared_path
from tests.national.registries import assert_tables_are_single_runs

pytestmark = pytest.mark.slow

DEVON = [f"E0700004{n}" for n in range(8)]  # East Devon ... West Devon (Exeter is E07000041)
HOMES = {"calderdale": ["E08000033"], "devon": DEVON, "sheffield": ["E08000039"]}


@pytest.fixture(scope="module")
def real_registry(tmp_path_factory):
    ledgers, codepoint = shared_path("ledgers"), shared_path("reference/codepoint-open")
    folder = tmp_path_factory.mktemp("real_national")
    for council, homes in HOMES.items():
        (folder / council).mkdir()
        (folder / council / "suppliers.csv").write_text("supplier_id,supplier_name,postcode\n")
        (folder / council / "analysis.yaml").write_text(
            f"council_name: {council.title()} (real ledger)\n"
            f"home_lad_codes: [{', '.join(homes)}]\n"
            "region_name: its own districts\n"
            f"region_lad_codes: [{', '.join(homes)}]\n"
            f"ledger: [{ledgers}/{council}/*.csv]\n"
            "suppliers: suppliers.csv\n"
            f"postcode_directories: [{codepoint}/codepo_gb_2025-10.zip, {codepoint}/codepo_gb_2018-07.zip]\n"
            'baseline_year: "2019/20"\n'
            "warehouse: out/spend.duckdb\n"
        )
    registry = folder / "councils.yaml"
    registry.write_text("analyses: [calderdale/analysis.yaml, devon/analysis.yaml, sheffield/analysis.yaml]\n")
    return registry


def test_each_real_council_is_its_single_run_and_the_national_tables_add_up(real_registry, capsys):
    argv = ["national", "run", "--registry", str(real_registry), "--workers", "2", "--as-of", YEARS_OPEN]
    assert main(argv) == 0
    keys = {council: "+".join(homes) for council, homes in HOMES.items()}
    assert capsys.readouterr().out.splitlines()[:3] == [f"{key}: published" for key in keys.values()]
    storage = real_registry.parent / "national"
    folders = {key: real_registry.parent / council / "out" / "spend.duckdb" for council, key in keys.items()}
    assert_tables_are_single_runs(storage, folders)

    with duckdb.connect(str(storage / "national.duckdb"), read_only=True) as con:
        unplaced = con.execute(
            "SELECT count(*), count(*) FILTER (unknown_spend = total_spend) FROM mart_council_comparison"
        ).fetchall()
        shared = con.execute("SELECT count(DISTINCT supplier_key), max(councils) FROM mart_shared_suppliers").fetchall()
    assert unplaced[0][0] > 0 and unplaced[0][0] == unplaced[0][1]  # no supplier file: all spend unplaced
    suppliers, most = shared[0]
    assert suppliers > 0 and most in (2, 3)  # real councils pay some of the same suppliers
