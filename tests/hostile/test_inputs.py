"""The inputs behind the headline are checked: configured LAD codes, implausible amounts, a field named twice."""

from pipelines.cli import main
from tests.helpers import query, run_analysis

LEDGER = b"Date,Amount,Supplier Name\n2019-04-01,10.00,Acme Ltd\n"


def test_a_lad_code_no_directory_knows_fails_the_run_naming_the_key_and_the_nearest_code(analysis, capsys):
    config = analysis({"l.csv": LEDGER}, home_lad_codes="[E08000081]")  # a typo of E08000018
    assert main(["run", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        "blocking check postcode_directory:configured_lad_codes_have_postcodes failed: home_lad_codes: no postcode "
        "of the configured directories lies in E08000081, nor in a district it became or came from; did you mean "
        "E08000018?"
    ) in err
    assert "step postcode_directory_configured_lad_codes_have_postcodes failed" not in err  # said once, by the check
    assert "Nothing was published" in err


def test_a_retired_code_is_known_through_the_district_it_became(analysis):
    config = analysis({"l.csv": LEDGER}, region_lad_codes="[E08000019]")  # Sheffield's code until 2023
    assert run_analysis(config).success


def test_amounts_beyond_any_plausible_payment_are_quarantined_never_summed(analysis):
    ledger = (
        b"Date,Amount,Supplier Name\n"
        b"2019-04-01,10.00,Acme Ltd\n"
        b"2019-04-01,1.00,Acme Ltd\n"
        b"2019-04-01,2.00,Acme Ltd\n"
        b"2019-04-01,3.00,Acme Ltd\n"
        b"2019-04-02,4929123456789012,Card payment\n"  # a card number in the amount column
        b"2019-04-03,99999999999999999999999999999999999,Overflow\n"
        b"2019-04-04,-1000000000.01,Acme Ltd\n"
        b"2019-04-05,999999999.99,Acme Ltd\n"
    )
    config = analysis({"l.csv": ledger})
    assert run_analysis(config).success
    assert query(config, "SELECT source_line, CAST(amount AS VARCHAR) FROM ledger_transactions ORDER BY 1") == [
        (2, "10.00"),
        (3, "1.00"),
        (4, "2.00"),
        (5, "3.00"),
        (9, "999999999.99"),
    ]
    plausible = "(£-1,000,000,000 to £1,000,000,000, expectations/ledger_transactions.json): a card or account number"
    assert query(config, "SELECT source_line, amount, reason FROM ledger_quarantine ORDER BY 1") == [
        (6, None, f"amount '4929123456789012' is beyond any plausible payment {plausible} in the amount column?"),
        (7, None, "amount '99999999999999999999999999999999999' does not parse"),
        (8, None, f"amount '-1000000000.01' is beyond any plausible payment {plausible} in the amount column?"),
    ]
    assert query(config, "SELECT data_rows, CAST(amount_in_file AS VARCHAR) FROM ledger_files") == [
        (8, "1000000015.99")
    ]


def test_a_field_named_twice_is_read_when_the_columns_agree_and_rejected_when_not(analysis):
    agree = b"Date,Amount,Supplier Name,Amount\n2019-04-01,10.00,Acme Ltd,10.00\n2019-04-02,5.00,Beta,5.00\n"
    differ = b"Date,Amount,Supplier Name,Amount\n2019-04-01,10.00,Acme Ltd,12.00\n2019-04-02,5.00,Beta,5.00\n"
    config = analysis({"agree.csv": agree, "differ.csv": differ})
    assert run_analysis(config).success
    assert query(config, "SELECT source_file, count(*) FROM ledger_transactions GROUP BY 1") == [
        ("ledger/agree.csv", 2)
    ]
    assert query(config, "SELECT DISTINCT source_file, reason FROM ledger_quarantine") == [
        (
            "ledger/differ.csv",
            "file rejected whole: its header names Amount twice (columns 2 and 4) and they differ on 1 rows, first "
            "on line 2: which holds the amount is unclear; remove or rename one",
        )
    ]
