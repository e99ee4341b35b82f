"""Staging: Companies House's register, for suppliers known by company number or with no postcode of their own.

Read from the BasicCompanyData bulk CSV (or the zip Companies House ships it in), whose header names carry
stray leading spaces (` CompanyNumber`): columns are found by their trimmed names. Only the columns the
analysis uses are read. The register may be given in the parts Companies House splits it into. With no
`companies_house` in the analysis, the table is empty.
"""

import csv
import io
import shutil
import zipfile
from pathlib import Path

from dagster import AssetExecutionContext, Failure, MaterializeResult, asset

from core.config import SpendAnalysis
from core.sql import create_table, sql_beside, sql_literal
from core.warehouse import Warehouse

#: BasicCompanyData's header as Companies House publishes it, stray leading spaces included.
BASIC_COMPANY_DATA_HEADER = (
    "CompanyName", " CompanyNumber", "RegAddress.CareOf", "RegAddress.POBox", "RegAddress.AddressLine1",
    " RegAddress.AddressLine2", "RegAddress.PostTown", "RegAddress.County", "RegAddress.Country",
    "RegAddress.PostCode", "CompanyCategory", "CompanyStatus", "CountryOfOrigin", "DissolutionDate",
    "IncorporationDate", "Accounts.AccountRefDay", "Accounts.AccountRefMonth", "Accounts.NextDueDate",
    "Accounts.LastMadeUpDate", "Accounts.AccountCategory", "Returns.NextDueDate", "Returns.LastMadeUpDate",
    "Mortgages.NumMortCharges", "Mortgages.NumMortOutstanding", "Mortgages.NumMortPartSatisfied",
    "Mortgages.NumMortSatisfied", "SICCode.SicText_1", "SICCode.SicText_2", "SICCode.SicText_3",
    "SICCode.SicText_4", "LimitedPartnerships.NumGenPartners", "LimitedPartnerships.NumLimPartners", "URI",
    "PreviousName_1.CONDATE", " PreviousName_1.CompanyName", "ConfStmtNextDueDate", "ConfStmtLastMadeUpDate",
)  # fmt: skip
#: BasicCompanyData column -> name in company_rows.
COLUMNS = {
    "CompanyName": "company_name",
    "CompanyNumber": "company_number",
    "RegAddress.PostCode": "postcode",
    "RegAddress.Country": "country",
    "CompanyCategory": "company_category",
    "CompanyStatus": "company_status",
    "IncorporationDate": "incorporation_date",
    "SICCode.SicText_1": "sic_text_1",
    "SICCode.SicText_2": "sic_text_2",
    "SICCode.SicText_3": "sic_text_3",
    "SICCode.SicText_4": "sic_text_4",
    "Accounts.AccountCategory": "account_category",
}
REQUIRED = ("CompanyName", "CompanyNumber", "RegAddress.PostCode")


def basic_company_data(companies: list[dict[str, str]]) -> bytes:
    """A file in BasicCompanyData's layout (every column, the given ones filled), for samples and tests."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BASIC_COMPANY_DATA_HEADER)
    for company in companies:
        writer.writerow([company.get(column.strip(), "") for column in BASIC_COMPANY_DATA_HEADER])
    return out.getvalue().encode()


def bulk_csv(path: Path, target: Path) -> Path:
    """The CSV itself, under a plain name (extracted when Companies House's zip is given)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
            if len(members) != 1:
                raise Failure(f"{path}: expected one CSV in the Companies House zip, found {len(members)}")
            with archive.open(members[0]) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
    else:
        shutil.copyfile(path, target)  # a plain name: DuckDB takes some file names for globs
    return target


def _header(path: Path, copy: Path) -> list[str]:
    with copy.open(encoding="utf-8-sig", newline="") as handle:
        header = [name.strip() for name in next(csv.reader(handle), [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Failure(
            f"{path}, line 1: not Companies House BasicCompanyData: no column {', '.join(missing)} "
            f"(columns found: {', '.join(header[:8])}, ...)"
        )
    return header


def company_rows(paths: list[Path], scratch: Path) -> str:
    """The SELECT reading the BasicCompanyData columns the analysis uses, all as text, from every part."""
    copies = [bulk_csv(path, scratch / f"companies_{part}.csv") for part, path in enumerate(paths)]
    headers = [_header(path, copy) for path, copy in zip(paths, copies, strict=True)]
    for path, header in zip(paths[1:], headers[1:], strict=True):
        if header != headers[0]:
            raise Failure(f"{path}, line 1: its columns differ from those of {paths[0]}: not parts of one download")
    header = headers[0]
    position = {name: index for index, name in reversed(list(enumerate(header)))}
    columns = ", ".join(f"{sql_literal(f'column{i}')}: 'VARCHAR'" for i in range(len(header)))
    picked = ", ".join(
        f"column{position[source]} AS {target}" if source in position else f"NULL AS {target}"
        for source, target in COLUMNS.items()
    )
    files = ", ".join(sql_literal(str(copy)) for copy in copies)
    return (
        f"SELECT {picked} FROM read_csv([{files}], header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{columns}}})"
    )


NO_COMPANIES = "SELECT " + ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in COLUMNS.values()) + " WHERE false"


@asset(group_name="ingest")
def companies(context: AssetExecutionContext, analysis: SpendAnalysis, warehouse: Warehouse) -> MaterializeResult:
    """One row per company number: name key, registered office postcode, status, SIC section and size band."""
    config = analysis.load()
    paths = config.companies_house_paths
    with warehouse.connection() as con:
        rows = company_rows(paths, warehouse.scratch("companies")) if paths else NO_COMPANIES
        con.execute(f"CREATE OR REPLACE TEMP TABLE company_rows AS {rows}")
        read, unusable = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE normalise_company_number(company_number) IS NULL)"
            " FROM company_rows"
        ).fetchall()[0]
        built = create_table(con, "companies", sql_beside(__file__, "companies"))
    duplicates = read - unusable - built
    if unusable or duplicates:
        context.log.warning(
            f"Companies House: of {read} rows, {unusable} have no valid company number and {duplicates} repeat "
            "a number already read; those are not used"
        )
    return MaterializeResult(
        metadata={
            "rows read": read,
            "rows": built,
            "rows without a valid company number": unusable,
            "rows repeating a company number": duplicates,
        }
    )
