"""Companies House's BasicCompanyData, as a CSV or as the zip it ships in."""

import zipfile

import duckdb
import pytest
from dagster import Failure

from assets.staging.companies import basic_company_data, companies, company_rows
from tests.helpers import materialize_published

REGISTER = [
    {"CompanyName": "ACME WIDGETS LIMITED", "CompanyNumber": "00012345", "RegAddress.PostCode": "s60 1aa",
     "CompanyStatus": "Active", "IncorporationDate": "02/01/1990", "Accounts.AccountCategory": "MEDIUM",
     "SICCode.SicText_1": "None Supplied"},
    {"CompanyName": "ACME WIDGETS LIMITED (DUPLICATE)", "CompanyNumber": "12345", "RegAddress.PostCode": "S1 1AA"},
    {"CompanyName": "SCOTIA CARE LTD", "CompanyNumber": "SC654321", "RegAddress.PostCode": "AB1 0AA",
     "SICCode.SicText_1": "87300 - Residential care activities for the elderly and disabled",
     "SICCode.SicText_2": "88100 - Social work activities without accommodation",
     "Accounts.AccountCategory": "DORMANT"},
    {"CompanyName": "NO NUMBER", "CompanyNumber": "N/A"},
]  # fmt: skip


@pytest.mark.parametrize("zipped", [False, True])
def test_register_as_csv_or_zip(analysis, tmp_path, zipped):
    register = tmp_path / "BasicCompanyData-2025-11-01-part1_7.csv"
    register.write_bytes(basic_company_data(REGISTER))
    if zipped:
        with zipfile.ZipFile(tmp_path / "BasicCompanyData.zip", "w") as archive:
            archive.write(register, register.name)
        register = tmp_path / "BasicCompanyData.zip"
    config = analysis({"l.csv": b"Date,Amount,Supplier Name\n"}, companies_house=f"'{register}'")
    warehouse = tmp_path / "companies.duckdb"
    result = materialize_published([companies], config, warehouse)
    assert result.success
    metadata = result.asset_materializations_for_node("companies")[0].metadata
    assert (metadata["rows read"].value, metadata["rows repeating a company number"].value) == (4, 1)
    assert metadata["rows without a valid company number"].value == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT company_number, name_key, postcode_key, company_status, CAST(incorporation_date AS VARCHAR),"
            " sic_codes, sic_section, size_band FROM companies ORDER BY 1"
        ).fetchall()
    assert rows == [
        ("00012345", "acme widgets", "S601AA", "Active", "1990-01-02", [], None, "medium"),
        ("SC654321", "scotia care", "AB10AA", None, None, ["87300", "88100"], "Q", "dormant"),
    ]


def test_a_file_that_is_not_basic_company_data_is_a_clear_error(tmp_path):
    (tmp_path / "x.csv").write_text("name,number\nA,1\n")
    with pytest.raises(Failure, match=r"x.csv, line 1: not Companies House BasicCompanyData: no column CompanyName"):
        company_rows([tmp_path / "x.csv"], tmp_path)
