"""SYNTHETIC ledgers at any size, for benchmarks: `spend scale --payments 1000000 --suppliers 20000 --out DIR`.

Written by DuckDB (COPY from range()), so ten million payments take seconds, and deterministic: every random
choice is a hash of the row number, so the same arguments write the same bytes. Shaped like the real files in
../shared/ledgers: one file per month in three rotating header layouts (Devon, Calderdale, Sheffield), payees
drawn with a heavy head (a few suppliers take most payments, as in real ledgers), about 4% of payments redacted,
2% of payees missing from the supplier file, 5% credit notes, half the departments quoted for the commas in
their names (as Devon's and Calderdale's are), and a little mess in every file (empty amounts,
impossible dates). Supplier postcodes are drawn from a Code-Point Open directory when one is given (the real
directory, for realistic places), else from synthetic Q postcodes with their own small directory.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.sql import sql_literal
from tooling.sample import TRADES, WORDS

#: Three real layouts: header, and the SQL expression written under each header (in that order).
LAYOUTS = (
    (
        "Body,Name of Body,Date,Transaction Number,Invoice Number,Amount,Supplier Name,Supplier ID,Vat Reg No,"
        "Expense Area,Expense Type,Expense Code,Creditor Type",
        ["'18'", "'Synthetic County Council'", "strftime(day, '%Y-%m-%d 00:00:00')", "'T' || i", "'INV' || i",
         "amount_text", "payee", "payee_id", "''", "department", "expense_type", "'5501'", "'LTD'"],
    ),
    (
        "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,"
        "Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,"
        "Supplier ID,Expense Area,Purpose of Spend (Summary)",
        ["'http://statistics.data.gov.uk/doc/local-authority-district/00CY'", "'Synthetic Borough'",
         "strftime(day, '%Y-%m-%d')", "CAST(i AS VARCHAR)", "'FE' || i", "amount_text", "'0.00'", "payee",
         "company_number", "''", "payee_id", "department", "expense_type"],
    ),
    (
        "Payment Date,Amount,Organisational Unit,Beneficiary Name,Company Number,Charity Number",
        ["strftime(day, '%d/%m/%Y')", "amount_text", "department", "payee", "company_number", "''"],
    ),
)  # fmt: skip
# the sample's invented names, the first of them: the scale ledgers' payees, as they have always been
_WORDS, _TRADES = WORDS[:16], TRADES[:14]


@dataclass(frozen=True)
class ScaleSpec:
    payments: int
    suppliers: int
    months: int = 36
    first_month: dt.date = dt.date(2019, 4, 1)


def _macros(con: duckdb.DuckDBPyConnection, suppliers: int) -> None:
    """Deterministic 'random' numbers in [0, 1) from a row number and a salt, and a supplier's name from its
    number."""
    con.execute("CREATE OR REPLACE TEMP MACRO u(i, salt) AS (hash(i, salt) % 1000000007) / 1000000007.0")
    words, trades = (f"[{', '.join(repr(w) for w in ws)}]" for ws in (_WORDS, _TRADES))
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO supplier_name(k) AS {words}[k % {len(_WORDS)} + 1] || ' ' || "
        f"{trades}[(k // {len(_WORDS)}) % {len(_TRADES)} + 1] || ' ' || lpad(CAST(k AS VARCHAR), 6, '0') || "
        "CASE k % 3 WHEN 0 THEN ' Ltd' WHEN 1 THEN ' Limited' ELSE ' PLC' END"
    )
    con.execute(f"CREATE OR REPLACE TEMP MACRO n_suppliers() AS {suppliers}")


def _postcodes(con: duckdb.DuckDBPyConnection, directory: Path | None, out: Path) -> str:
    """Table postcodes(n, postcode) to draw supplier postcodes from; returns the directory the analysis uses."""
    if directory is not None:  # postcodes with a district, so suppliers are placed as in a real analysis
        import tempfile

        from assets.staging.postcode_directory import codepoint_area_files

        with tempfile.TemporaryDirectory() as scratch:
            files = ", ".join(f"'{f}'" for f in codepoint_area_files(directory, Path(scratch)))
            con.execute(
                "CREATE OR REPLACE TEMP TABLE postcodes AS SELECT row_number() OVER (ORDER BY column0) - 1 AS n, "
                f"column0 AS postcode FROM read_csv([{files}], header = false, all_varchar = true) WHERE column8 <> ''"
            )
        return str(directory)
    area_dir = out / "postcodes" / "Data" / "CSV"
    area_dir.mkdir(parents=True, exist_ok=True)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE postcodes AS SELECT i AS n, 'Q' || (i % 9 + 1) || ' ' || (i // 9 % 9 + 1) "
        "|| chr(CAST(65 + (i // 81) % 26 AS INTEGER)) || chr(CAST(65 + (i // 2106) % 26 AS INTEGER)) AS postcode, "
        "['E08000018', 'E08000039', 'E08000003', 'E06000047'][i % 4 + 1] AS lad FROM range(20000) t(i)"
    )
    # and a postcode in each region district no supplier is drawn to, so that every configured code has postcodes
    con.execute(
        f"COPY (SELECT postcode, 10, 440000, 390000, 'E92000001', '', '', '', lad, '' FROM postcodes"
        " UNION ALL VALUES ('QZ1 1AA', 10, 440000, 390000, 'E92000001', '', '', '', 'E08000038', ''),"
        " ('QZ1 1AB', 10, 440000, 390000, 'E92000001', '', '', '', 'E08000017', '')) "
        f"TO '{area_dir / 'q.csv'}' (HEADER false)"
    )
    return str(out / "postcodes")


def _session(spec: ScaleSpec, out: Path, directories: list[Path]) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """A connection holding the macros, the postcodes and the suppliers; and the directories the analysis lists."""
    con = duckdb.connect()
    _macros(con, spec.suppliers)
    directories = [Path(d).resolve() for d in directories]  # the analysis lives elsewhere: no relative paths
    listed = [_postcodes(con, directories[0] if directories else None, out), *map(str, directories[1:])]
    n_postcodes = con.execute("SELECT count(*) FROM postcodes").fetchall()[0][0]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE supplier_rows AS SELECT k, 'S' || lpad(CAST(k AS VARCHAR), 7, '0') AS id, "
        "supplier_name(k) AS name, p.postcode, "
        "CASE WHEN u(k, 7) < 0.3 THEN lpad(CAST(1000000 + k AS VARCHAR), 8, '0') END AS company_number "
        f"FROM range({spec.suppliers}) t(k) JOIN postcodes AS p ON p.n = hash(k, 3) % {n_postcodes}"
    )
    return con, listed


def _month_start(spec: ScaleSpec, month: int) -> dt.date:
    index = spec.first_month.month - 1 + month
    return spec.first_month.replace(year=spec.first_month.year + index // 12, month=index % 12 + 1)


def write_month_file(spec: ScaleSpec, out: Path, month: int, rows: int, directories: list[Path] = ()) -> Path:
    """One more month's file (month counts from the first, 0-based), as a council would publish next."""
    con, _ = _session(spec, out, list(directories))
    header, expressions = LAYOUTS[month % len(LAYOUTS)]
    path = out / "ledger" / f"{_month_start(spec, month):%Y-%m}.csv"
    _write_month(con, path, header, expressions, _month_start(spec, month), rows, first=spec.payments + month * rows)
    return path


def write_scale(spec: ScaleSpec, out: Path, directories: list[Path] = ()) -> dict:
    """Write ledger/<YYYY-MM>.csv, suppliers.csv and analysis.yaml under `out`; return what was written.

    `directories` are Code-Point Open zips or folders, newest first: supplier postcodes are drawn from the first,
    and the analysis lists them all. Without any, a small synthetic directory is written beside the files."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "ledger").mkdir(exist_ok=True)
    con, listed = _session(spec, out, list(directories))
    con.execute(
        "COPY (SELECT id AS supplier_id, name AS supplier_name, "
        "CASE WHEN u(k, 11) < 0.03 THEN '' ELSE postcode END AS postcode, company_number FROM supplier_rows "
        f"ORDER BY k) TO '{out / 'suppliers.csv'}' (HEADER true)"
    )
    per_month = spec.payments // spec.months
    files = []
    for month in range(spec.months):
        start = _month_start(spec, month)
        rows = per_month + (spec.payments - per_month * spec.months if month == spec.months - 1 else 0)
        header, expressions = LAYOUTS[month % len(LAYOUTS)]
        name = out / "ledger" / f"{start:%Y-%m}.csv"
        _write_month(con, name, header, expressions, start, rows, first=month * per_month)
        files.append(name.name)
    (out / "analysis.yaml").write_text(
        "# SYNTHETIC benchmark analysis written by `spend scale`: invented payments and suppliers.\n"
        "council_name: Synthetic scale council\n"
        "home_lad_codes: [E08000018]\n"
        "region_name: Sheffield City Region\n"
        "region_lad_codes: [E08000016, E08000017, E08000018, E08000019]\n"
        "ledger: [ledger/*.csv]\n"
        "suppliers: suppliers.csv\n"
        f"postcode_directories: [{', '.join(json.dumps(d) for d in listed)}]\n"
        f'baseline_year: "{spec.first_month.year}/{(spec.first_month.year + 1) % 100:02d}"\n'
        "warehouse: out/spend.duckdb\n"
        "influenceable:  # a council's usual exclusions, so that the benchmark pays for judging them\n"
        "  exclude:\n"
        "    - {name: public bodies, supplier_type: public_body}\n"
        "    - {name: precepts and levies, expense_type: '(?i)precept|levy'}\n"
        "    - {name: tax and pensions, supplier_name: '(?i)hmrc|pension fund'}\n"
    )
    return {"payments": spec.payments, "suppliers": spec.suppliers, "files": files}


def _write_month(con, path: Path, header: str, expressions: list[str], start: dt.date, rows: int, first: int) -> None:
    """One month: payees with a heavy head (k = S * u^3), and a little mess in every file."""
    days = ((start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - start).days
    select = f"""
        WITH payments AS (
            SELECT
                i,
                DATE '{start.isoformat()}' + CAST(floor(u(i, 1) * {days}) AS INTEGER) AS day,
                CAST(floor(n_suppliers() * pow(u(i, 2), 3)) AS BIGINT) AS k,
                CAST(round((CASE WHEN u(i, 4) < 0.05 THEN -1 ELSE 1 END)
                    * (500 + pow(u(i, 5), 4) * 250000), 2) AS DECIMAL(12, 2)) AS amount,
                u(i, 6) AS roll
            FROM range({first}, {first + rows}) t(i)
        )
        SELECT {", ".join(f"nullif(CAST({e} AS VARCHAR), '') AS c{n}" for n, e in enumerate(expressions))}
        FROM (
            SELECT
                i, day,
                CASE
                    WHEN roll < 0.0005 THEN ''  -- an empty amount: quarantined
                    ELSE CAST(amount AS VARCHAR)
                END AS amount_text,
                CASE
                    WHEN roll < 0.04 THEN 'REDACTED PERSONAL DATA'
                    WHEN roll < 0.06 THEN 'Unlisted Trader ' || (k % 997)
                    ELSE s.name
                END AS payee,
                CASE WHEN roll < 0.06 OR u(i, 8) < 0.5 THEN '' ELSE s.id END AS payee_id,
                CASE WHEN roll < 0.06 THEN '' ELSE coalesce(s.company_number, '') END AS company_number,
                ['Adults, Health and Social Care', 'Children & Young People', 'Place',
                 'Policy, Performance and Communications'][CAST(floor(u(i, 9) * 4) AS INTEGER) + 1]
                    AS department,
                ['Professional Services', 'Building Repairs', 'Residential Care', 'Vehicle Hire']
                    [CAST(floor(u(i, 10) * 4) AS INTEGER) + 1] AS expense_type
            FROM payments JOIN supplier_rows AS s USING (k)
        )
        ORDER BY i
    """
    con.execute(f"COPY ({select}) TO {sql_literal(str(path))} (HEADER false, QUOTE '\"')")
    body = path.read_bytes()
    path.write_bytes(header.encode() + b"\n" + body)
