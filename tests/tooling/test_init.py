"""`spend init` scaffolds an analysis from a folder of ledger files, and synthetic suppliers can be made before any
run."""

import shutil
from decimal import Decimal

import yaml

from pipelines.cli import main
from tests.helpers import SAMPLE_DIR, query, shared_path

SAMPLE = yaml.safe_load((SAMPLE_DIR / "analysis.yaml").read_text(encoding="utf-8"))


def test_init_then_synthetic_suppliers_then_a_run_on_the_samples_ledger(tmp_path, capsys):
    shutil.copytree(SAMPLE_DIR / "ledger", tmp_path / "ledger")
    out = tmp_path / "council"
    directories = [str(SAMPLE_DIR / d) for d in SAMPLE["postcode_directories"]]
    assert main(["init", str(tmp_path / "ledger"), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "48 ledger file(s) read" in said
    assert "Fill in council_name, home_lad_codes, region_name, region_lad_codes" in said
    assert main(["run", "--config", str(out / "analysis.yaml")]) == 2
    assert "fill in council_name, home_lad_codes, region_name, region_lad_codes" in capsys.readouterr().err
    shutil.rmtree(out)
    assert main(["init", str(tmp_path / "ledger"), "--out", str(out), "--council", "Init Council",
                 "--home", "E08000018", "--region-name", "Sheffield City Region", "--region",
                 *SAMPLE["region_lad_codes"], "--postcode-directories", *directories]) == 0  # fmt: skip
    analysis = yaml.safe_load((out / "analysis.yaml").read_text(encoding="utf-8"))
    assert analysis["ledger"] == [f"{(tmp_path / 'ledger').resolve().as_posix()}/*.csv"]  # outside: absolute
    assert analysis["baseline_year"] == "2018/19"  # the first whole financial year the files' names cover
    assert analysis["ledger_columns"]["date"] and analysis["ledger_columns"]["amount"]
    assert (out / "suppliers.csv").read_text().startswith("supplier_id,supplier_name,postcode,")
    # suppliers before any run: the ledger and the postcodes are loaded first
    assert (
        main(["synthetic-suppliers", "--config", str(out / "analysis.yaml"), "--out", str(out / "suppliers.csv")]) == 0
    )
    suppliers = (out / "suppliers.csv").read_text().splitlines()
    assert len(suppliers) > 50 and "SYNTHETIC" in suppliers[1]
    assert main(["run", "--config", str(out / "analysis.yaml")]) == 0
    loaded = query(out / "analysis.yaml", "SELECT count(*), sum(amount) FROM ledger_transactions")
    assert loaded == [(3517, Decimal("57597180.06"))]  # the sample's ledger as its own run loads it (README)
    assert main(["init", str(tmp_path / "ledger"), "--out", str(out)]) == 2  # never over an analysis
    assert "exists: spend init never overwrites" in capsys.readouterr().err


def test_init_finds_each_councils_own_headers_in_a_real_ledger(tmp_path, capsys):
    calderdale = shared_path("ledgers/calderdale")
    assert main(["init", str(calderdale), "--out", str(tmp_path / "c")]) == 0
    analysis = yaml.safe_load((tmp_path / "c" / "analysis.yaml").read_text(encoding="utf-8"))
    assert analysis["ledger_columns"]["amount"] == ["Amount", "Net Amount"]  # the header changes between files
    assert analysis["ledger_columns"]["company_number"] == ["Supplier Registered Company Number"]
    assert analysis["baseline_year"] == "2018/19"
    assert "48 ledger file(s) read" in capsys.readouterr().out
