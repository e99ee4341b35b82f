"""mart_spend_by_lad: each year's spend by the district its suppliers are placed in, adding up to the year."""

from decimal import Decimal

import duckdb

from assets.marts.mart_spend_by_lad import spend_by_lad_adds_up
from core.config import load_config
from core.warehouse import Warehouse
from tests.helpers import query, run_analysis

SUPPLIERS = b"supplier_id,supplier_name,postcode\nS1,Acme Ltd,Q1 1AA\nS2,Beta Co,QS1 1AA\nS3,Gamma,QM1 1AA\n"
LEDGER = (
    b"Date,Amount,Supplier Name\n2019-04-01,100.00,Acme Ltd\n2019-05-01,50.50,Acme Ltd\n2019-06-01,-20.00,Beta Co\n"
    b"2019-07-01,70.00,Beta Co\n2019-08-01,30.00,Gamma\n2019-09-01,12.34,Nobody Known\n2020-04-01,9.99,Gamma\n"
)


def test_each_district_gets_its_suppliers_spend_and_the_year_adds_up(analysis):
    config = analysis({"l.csv": LEDGER}, supplier_file=SUPPLIERS)
    assert run_analysis(config).success
    rows = query(
        config,
        "SELECT fiscal_year, lad_code, ring, payments, suppliers, spend, round(share_of_base, 6), months"
        " FROM mart_spend_by_lad WHERE base = 'all' ORDER BY fiscal_year, spend DESC",
    )
    assert rows == [
        ("2019/20", "E08000018", "home", 2, 1, Decimal("150.50"), round(150.50 / 242.84, 6), 6),
        ("2019/20", "E08000039", "region", 2, 1, Decimal("50.00"), round(50 / 242.84, 6), 6),
        ("2019/20", "E08000003", "elsewhere", 1, 1, Decimal("30.00"), round(30 / 242.84, 6), 6),
        ("2019/20", None, "unknown", 1, 1, Decimal("12.34"), round(12.34 / 242.84, 6), 6),
        ("2020/21", "E08000003", "elsewhere", 1, 1, Decimal("9.99"), 1.0, 1),
    ]
    warehouse = Warehouse(path=str(load_config(config).warehouse_path))
    assert spend_by_lad_adds_up(warehouse=warehouse).passed
    with duckdb.connect(str(load_config(config).warehouse_path)) as con:
        con.execute("UPDATE mart_spend_by_lad SET spend = spend + 0.01 WHERE lad_code = 'E08000039'")
    broken = spend_by_lad_adds_up(warehouse=warehouse)
    assert not broken.passed
    assert broken.description.startswith(
        "2019/20 (all base): districts hold 6 payments, £242.85 where the year has 6 payments, £242.84"
    )


def test_the_samples_districts_add_up_to_its_headline(sample_run):
    config, _ = sample_run
    assert query(
        config,
        "SELECT sum(spend), sum(spend) FILTER (WHERE ring = 'home') FROM mart_spend_by_lad"
        " WHERE fiscal_year = '2019/20' AND base = 'all'",
    ) == [(Decimal("14803960.10"), Decimal("6233818.07"))]  # the README's headline table
