"""The reconciliation checks catch a lost row or a wrong total (tables tampered with after a good run)."""

import duckdb

from assets.intermediate.located_transactions import one_row_per_ledger_row
from assets.marts.mart_local_spend_by_year import reconciles_with_ledger
from assets.staging.ledger import reconciles_with_files
from core.config import load_config
from core.warehouse import Warehouse
from tests.helpers import run_analysis

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme\n2019-04-02,x,Acme\n2020-04-01,5.00,Acme\n"


def test_checks_pass_on_a_good_run_and_fail_naming_what_is_wrong(analysis):
    config = analysis({"l.csv": LEDGER})
    assert run_analysis(config).success
    warehouse = str(load_config(config).warehouse_path)
    resource = Warehouse(path=warehouse)
    assert reconciles_with_files(warehouse=resource).passed
    assert reconciles_with_ledger(warehouse=resource).passed
    assert one_row_per_ledger_row(warehouse=resource).passed

    with duckdb.connect(warehouse) as con:
        con.execute("DELETE FROM ledger_transactions WHERE source_line = 4")
        con.execute("UPDATE mart_local_spend_by_year SET home_spend = home_spend + 0.01 WHERE fiscal_year = '2019/20'")
    lost = reconciles_with_files(warehouse=resource)
    assert not lost.passed
    assert lost.description == (
        "ledger/l.csv: 4 lines in the file, 4 read; 3 rows (£15.00) in the file, 2 (£10.00) loaded or quarantined"
    )
    mart = reconciles_with_ledger(warehouse=resource)
    assert not mart.passed
    assert (
        "2019/20 (all base): ledger £10.00 in 1 rows, mart £10.00 in 1 payments, rings add up to £10.01"
        in mart.description
    )
    assert (
        "2020/21 (influenceable base): ledger £0.00 in 0 rows, mart £5.00 in 1 payments, rings add up to £5.00"
        in mart.description
    )
    located = one_row_per_ledger_row(warehouse=resource)
    assert not located.passed
    assert located.description == ("ledger_transactions has 1 rows (£10.00), located_transactions 2 (£15.00)")
