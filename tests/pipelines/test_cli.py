"""The `spend` command as an analyst uses it."""

from pipelines.cli import main
from tests.helpers import POSTCODES

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme Ltd\n2019-04-02,(2.50),Acme Ltd\n"
SUPPLIERS = b"supplier_name,postcode\nAcme Ltd,Q1 1AA\n"


def test_run_prints_the_headline_table_and_the_warehouse(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, supplier_file=SUPPLIERS, targets='{"2019/20": 0.5}')
    assert main(["run", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Test Council: spend by financial year" in out
    assert (
        "2019/20 (baseline), 1 of 12 months         2  £7.50  £7.50   £0.00      £0.00    £0.00  100.0%         100.0%"
        "   50.0%  -50.0%" in out
    )
    assert "2 rows loaded (£7.50); 0 rows quarantined" in out
    assert f"Warehouse: {config.parent / 'out' / 'test.duckdb'}" in out
    assert "Contains OS data © Crown copyright" in out
    assert main(["report", "--config", str(config)]) == 0
    assert "2019/20 (baseline)" in capsys.readouterr().out


def test_a_configuration_error_stops_before_anything_runs(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, home_lad_codes="[Rotherham]")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"spend: configuration error: {config}: invalid analysis configuration" in err
    assert "home_lad_codes: 'Rotherham' is not a GSS LAD code" in err
    assert not (config.parent / "out").exists()


def test_a_failed_blocking_check_fails_the_run_saying_which_and_where(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, supplier_file=SUPPLIERS)
    area = config.parent / "codepoint" / "Data" / "CSV" / "qx.csv"
    area.write_text('"QX1 1AA",10,1,1,"E92000001","","","","Rotherham",""\n')  # not a LAD code
    assert "QX1 1AA" not in POSTCODES
    assert main(["run", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"spend: the run over {config} failed:" in err
    assert "blocking check postcode_directory:expectation_suite failed" in err
    assert "expect_column_values_to_match_regex {'column': 'lad_code'" in err
    assert "Nothing was published: the tables in" in err


def test_synthetic_suppliers_after_a_run(analysis, capsys, tmp_path):
    ledger = LEDGER + b"2019-04-03,1.00,Other Co\n2019-04-04,1.00,REDACTED PERSONAL DATA\n"
    config = analysis({"l.csv": ledger}, supplier_file=SUPPLIERS)
    assert main(["run", "--config", str(config)]) == 0
    out = tmp_path / "synthetic.csv"
    assert main(["synthetic-suppliers", "--config", str(config), "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "supplier_id,supplier_name,postcode,note"
    assert [line.split(",")[1] for line in lines[1:]] == ["Acme Ltd", "Other Co"]
    assert all(line.endswith("SYNTHETIC: invented location for testing") for line in lines[1:])


def test_sample_writes_the_sample(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "analysis.yaml").read_text().startswith("# SYNTHETIC")
