"""Every supplier in its place, on the real reference data in ../shared: both Code-Point vintages, the ONSPD
sample and the 2013 LAD boundaries, with a synthetic Companies House file in BasicCompanyData's exact layout.

Each supplier below is built to be placed one way, and the answer is known from the reference data itself:
S1 1AA is Sheffield (E08000039 in 2025, E08000019 in 2018), S60 1AA Rotherham, S25 2BX a Rotherham postcode only
the 2018 Code-Point holds (terminated since), AB1 0AA an Aberdeen postcode ONSPD says was terminated in 1996,
S1 3NJ a 2025 postcode Code-Point gives no district but a grid reference inside Sheffield, S35 0BN a postcode
Barnsley had in 2018 and Sheffield has in 2025, EC1A 1BB in London.
"""

from decimal import Decimal

import pytest

from assets.staging.companies import basic_company_data
from tests.helpers import link_payees, query, run_analysis, shared_path

COMPANIES = [
    {  # a supplier with no postcode of its own: its registered office is in Rotherham
        "CompanyName": "DON VALLEY FABRICATION LIMITED", "CompanyNumber": "01234567", "RegAddress.PostCode": "S60 1AA",
        "CompanyCategory": "Private Limited Company", "CompanyStatus": "Active", "IncorporationDate": "01/02/1999",
        "SICCode.SicText_1": "25110 - Manufacture of metal structures and parts of structures",
        "Accounts.AccountCategory": "SMALL",
    },
    {  # known to the ledger by company number only, written without its leading zero; office in Barnsley (2018)
        "CompanyName": "DEARNE CARE HOMES LTD", "CompanyNumber": "07654321", "RegAddress.PostCode": "S35 0BN",
        "CompanyStatus": "Active", "SICCode.SicText_1": "87100 - Residential nursing care facilities",
        "Accounts.AccountCategory": "MICRO ENTITY",
    },
    {  # known to the ledger by name only
        "CompanyName": "GRAMPIAN FISH MERCHANTS LIMITED", "CompanyNumber": "SC123456", "RegAddress.PostCode": "AB1 0AB",
        "CompanyStatus": "Active", "SICCode.SicText_1": "46380 - Wholesale of other food",
        "Accounts.AccountCategory": "FULL",
    },
    {"CompanyName": "NO NUMBER LTD", "CompanyNumber": "", "RegAddress.PostCode": "S1 1AA"},  # not usable
]  # fmt: skip

SUPPLIERS = """supplier_id,supplier_name,postcode,company_number,local_site_postcode,easting,northing,latitude,longitude
A,Sheffield Steel Ltd,S1 1AA,,,,,,
B,Maltby Motors Ltd,s25 2bx,,,,,,
C,Aberdeen Granite Ltd,AB1 0AA,,,,,,
D,Capital Catering PLC,EC1A 1BB,,S60 1AA,,,,
E,Yard Without Address,,,,442800,392900,,
F,Moor Market Stall,,,,,,53.3780,-1.4700
G,Don Valley Fabrication,,1234567,,,,,
H,Kelham Island Design,S1 3NJ,,,,,,
I,Rother Valley Joinery Ltd,S60 9ZZ,,,,,,
J,Nowhere Ltd,S99 9ZZ,,,,,,
K,Rotherham Paving Ltd,S60 1AA,,,,,,
"""

LEDGER = """Date,Amount,Supplier Name,Supplier ID,Company Number
2019-04-01,1.00,Sheffield Steel Ltd,A,
2019-04-01,2.00,Maltby Motors,,
2019-04-01,4.00,Aberdeen Granite Ltd,C,
2019-04-01,8.00,Capital Catering PLC,D,
2019-04-01,16.00,Yard Without Address,E,
2019-04-01,32.00,Moor Market Stall,F,
2019-04-01,64.00,Don Valley Fabrication,G,
2019-04-01,128.00,Kelham Island Design,H,
2019-04-01,256.00,Dearne Care Homes,,7654321
2019-04-01,512.00,Grampian Fish Merchants Ltd,,
2019-04-01,1024.00,Sheffeld Steel Limited,,
2019-04-01,2048.00,Rother Valley Joinery Services,,
2019-04-01,4096.00,Nowhere Ltd,J,
2019-04-01,8192.00,REDACTED PERSONAL DATA,,
2019-04-01,16384.00,Unheard Of Traders,,
2019-04-01,-3.00,Rotherham Pavings Ltd,,
"""


def write_analysis(folder, region_codes: str, decisions: str | None = None):
    (folder / "ledger").mkdir(parents=True, exist_ok=True)
    (folder / "ledger" / "2019-04.csv").write_text(LEDGER)
    (folder / "suppliers.csv").write_text(SUPPLIERS)
    (folder / "companies.csv").write_bytes(basic_company_data(COMPANIES))
    if decisions is not None:
        (folder / "decisions.csv").write_text(decisions)
    reference = {
        "newer": shared_path("reference/codepoint-open/codepo_gb_2025-10.zip"),
        "older": shared_path("reference/codepoint-open/codepo_gb_2018-07.zip"),
        "onspd": shared_path("reference/onspd-format/onspd_sample_AB1.csv"),
        "boundaries": shared_path("reference/boundaries/lad_2013_gb.topojson"),
    }
    config = folder / "analysis.yaml"
    config.write_text(
        "council_name: Test Council\n"
        "home_lad_codes: [E08000018]\n"
        "region_name: South Yorkshire\n"
        f"region_lad_codes: {region_codes}\n"
        "ledger: [ledger/*.csv]\n"
        "suppliers: suppliers.csv\n"
        f"postcode_directories: ['{reference['newer']}', '{reference['older']}', '{reference['onspd']}']\n"
        f"boundaries: ['{reference['boundaries']}']\n"
        "companies_house: companies.csv\n"
        "supplier_matching: {accept_score: 95, review_score: 80, decisions: decisions.csv}\n"
        'baseline_year: "2019/20"\n'
        "warehouse: out/test.duckdb\n"
    )
    return config


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """One run with the region written in pre-2023 codes, and a decisions file accepting one candidate and
    rejecting another."""
    decisions = (
        "ledger_name,supplier_id,supplier_name,score,payments,spend,decision\n"
        "Rother Valley Joinery Services,I,Rother Valley Joinery Ltd,82,1,2048.00,accept\n"
        "Rotherham Pavings Ltd,K,Rotherham Paving Ltd,,,,reject\n"
    )
    config = write_analysis(tmp_path_factory.mktemp("placed"), "[E08000016, E08000017, E08000019]", decisions)
    result = run_analysis(config)
    assert result.success, [e.message for e in result.get_step_failure_events()]
    failed = [e.asset_check_key.to_user_string() for e in result.get_asset_check_evaluations() if not e.passed]
    assert failed == []
    return config


def test_each_supplier_is_placed_by_the_right_method(placed):
    rows = query(
        placed,
        "SELECT supplier_name, lad_code, ring, method, decided_by, postcode_terminated FROM supplier_locations"
        " ORDER BY party_id",
    )
    assert {r[0]: r[1:] for r in rows} == {
        "Sheffield Steel Ltd": ("E08000039", "region", "postcode", "codepo_gb_2025-10.zip", False),
        "Maltby Motors Ltd": ("E08000018", "home", "terminated_postcode", "codepo_gb_2018-07.zip", True),
        "Aberdeen Granite Ltd": ("S12000033", "elsewhere", "terminated_postcode", "onspd_sample_AB1.csv", True),
        "Capital Catering PLC": ("E08000018", "home", "override", "codepo_gb_2025-10.zip", False),
        "Yard Without Address": ("E08000018", "home", "point_in_polygon", "lad_2013_gb.topojson", None),
        "Moor Market Stall": ("E08000019", "region", "point_in_polygon", "lad_2013_gb.topojson", None),
        "Don Valley Fabrication": ("E08000018", "home", "companies_house", "codepo_gb_2025-10.zip", False),
        "Kelham Island Design": ("E08000019", "region", "point_in_polygon", "lad_2013_gb.topojson", None),
        "Rother Valley Joinery Ltd": ("E08000018", "home", "postcode", "codepo_gb_2025-10.zip", False),
        "Nowhere Ltd": (None, "unknown", "postcode_not_in_directory", None, None),
        "Rotherham Paving Ltd": ("E08000018", "home", "postcode", "codepo_gb_2025-10.zip", False),
        # Companies House parties, linked from the ledger directly
        "DEARNE CARE HOMES LTD": ("E08000039", "region", "companies_house", "codepo_gb_2025-10.zip", False),
        # its registered office postcode is one ONSPD says was terminated
        "GRAMPIAN FISH MERCHANTS LIMITED": ("S12000033", "elsewhere", "companies_house", "onspd_sample_AB1.csv", True),
    }


def test_local_site_overrides_the_office_and_both_are_kept(placed):
    assert query(
        placed,
        "SELECT office_lad_code, office_ring, office_method, local_site_lad_code, local_site_ring, lad_name"
        " FROM supplier_locations WHERE supplier_id = 'D'",
    ) == [("E09000019", "elsewhere", "postcode", "E08000018", "home", "Rotherham")]
    home, office_home = query(
        placed,
        "SELECT home_spend, office_home_spend FROM mart_local_spend_by_year"
        " WHERE fiscal_year = '2019/20' AND base = 'all'",
    )[0]
    assert home - office_home == Decimal("8.00")  # Capital Catering counts as home only "based or branched"


def test_companies_house_gives_sector_size_and_status(placed):
    assert query(
        placed,
        "SELECT company_number, company_status, sic_section, size_band FROM supplier_locations"
        " WHERE company_number IS NOT NULL ORDER BY 1",
    ) == [
        ("01234567", "Active", "C", "small"),
        ("07654321", "Active", "Q", "micro"),
        ("SC123456", "Active", "G", "large"),
    ]
    assert query(placed, "SELECT count(*) FROM companies") == [(3,)]  # the row without a number is not used


def test_payees_are_linked_by_each_rule_and_candidates_wait_for_review(placed):
    links = dict(query(placed, "SELECT ledger_name, link_method FROM supplier_matches"))
    assert links == {
        "Sheffield Steel Ltd": "supplier_id",
        "Maltby Motors": "name",
        "Aberdeen Granite Ltd": "supplier_id",
        "Capital Catering PLC": "supplier_id",
        "Yard Without Address": "supplier_id",
        "Moor Market Stall": "supplier_id",
        "Don Valley Fabrication": "supplier_id",
        "Kelham Island Design": "supplier_id",
        "Dearne Care Homes": "companies_house_number",
        "Grampian Fish Merchants Ltd": "companies_house_name",
        "Sheffeld Steel Limited": "fuzzy",  # 96.55 against 'sheffield steel'
        "Rother Valley Joinery Services": "reviewed",  # 82.35: below accept_score, accepted by the analyst
        "Nowhere Ltd": "supplier_id",
        "REDACTED PERSONAL DATA": "redacted",
        "Unheard Of Traders": "unmatched",
        "Rotherham Pavings Ltd": "unmatched",  # its one candidate scores 96.97, but the analyst rejected it
    }
    review = query(
        placed,
        "SELECT ledger_name, supplier_name, score, status FROM supplier_match_review ORDER BY ledger_name, score DESC",
    )
    assert review == [
        ("Rother Valley Joinery Services", "Rother Valley Joinery Ltd", 82.35, "accepted"),
        ("Rotherham Pavings Ltd", "Rotherham Paving Ltd", 96.97, "rejected"),
        ("Sheffeld Steel Limited", "Sheffield Steel Ltd", 96.55, "linked_by_score"),
    ]


def test_coverage_explains_every_pound_of_unknown_spend(placed):
    unknown = query(
        placed,
        "SELECT method, suppliers, spend FROM mart_location_coverage"
        " WHERE fiscal_year = 'all' AND view = 'location' AND ring = 'unknown'"
        " ORDER BY method",
    )
    assert unknown == [
        ("postcode_not_in_directory", 1, Decimal("4096.00")),  # Nowhere Ltd
        ("redacted", 1, Decimal("8192.00")),
        ("unmatched", 2, Decimal("16381.00")),  # Unheard Of Traders 16384, Rotherham Pavings -3 (a credit note)
    ]
    mart_unknown = query(placed, "SELECT unknown_spend FROM mart_local_spend_by_year WHERE base = 'all'")[0][0]
    assert sum(spend for _, _, spend in unknown) == mart_unknown
    by_link = dict(
        query(placed, "SELECT method, spend FROM mart_location_coverage WHERE fiscal_year = 'all' AND view = 'link'")
    )
    assert by_link["fuzzy"] == Decimal("1024.00") and by_link["reviewed"] == Decimal("2048.00")
    assert sum(by_link.values()) == query(placed, "SELECT sum(amount) FROM ledger_transactions")[0][0]


@pytest.mark.parametrize(
    "decisions, error",
    [
        ("ledger_name,supplier_id,supplier_name,decision\nAcme,Z9,Nobody,accept\n", "line 2: the decision for 'Acme'"),
        ("ledger_name,supplier_id,supplier_name,decision\nAcme,,Acme Ltd,accept\nAcme,,Acme Ltd,maybe\n",
         "line 3: decision 'maybe' is not one of accept, reject"),
        ("ledger_name,decision\nAcme,accept\n", "line 1: decisions file has no column supplier_name"),
    ],
)  # fmt: skip
def test_a_bad_decisions_file_is_an_error_naming_its_line(analysis, decisions, error):
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA1,Acme Ltd,Q1 1AA\n",
        supplier_matching="{decisions: decisions.csv}",
    )
    (config.parent / "decisions.csv").write_text(decisions)
    result = link_payees(config)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert f"decisions.csv, {error}" in str(failure.event_specific_data.error)


def test_a_missing_decisions_file_means_no_decisions_yet(analysis):
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme Ltd\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA1,Acme Ltd,Q1 1AA\n",
        supplier_matching="{decisions: decisions.csv}",
    )
    assert link_payees(config).success
    assert query(config, "SELECT link_method FROM supplier_matches") == [("name",)]


def test_spend_review_writes_pending_candidates_and_the_next_run_reads_the_decision(analysis, capsys):
    from pipelines.cli import main

    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n2019-04-01,5.00,Acme Trading North\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA1,Acme Trading Ltd,Q1 1AA\n",
        supplier_matching="{decisions: review/decisions.csv}",
    )
    assert link_payees(config).success
    assert query(config, "SELECT link_method FROM supplier_matches") == [("unmatched",)]
    assert main(["review", "--config", str(config)]) == 0
    assert main(["review", "--config", str(config)]) == 0  # nothing new the second time
    assert "0 new candidate match(es)" in capsys.readouterr().out
    decisions = config.parent / "review" / "decisions.csv"
    assert decisions.read_text().splitlines() == [
        "ledger_name,supplier_id,supplier_line,supplier_name,score,payments,spend,decision",
        "Acme Trading North,A1,2,Acme Trading Ltd,80.0,1,5.00,",
    ]
    decisions.write_text(decisions.read_text().replace("5.00,\n", "5.00,accept\n"))
    assert link_payees(config).success
    assert query(config, "SELECT link_method, supplier_key FROM supplier_matches") == [("reviewed", 2)]
