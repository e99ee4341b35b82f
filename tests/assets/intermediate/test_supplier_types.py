"""Supplier types, influenceable exclusions and procurement categories on a small ledger whose every answer is
plain: the ledger's own category and charity numbers, the order the evidence is weighed in, a year of two months."""

from decimal import Decimal

import pytest
from dagster import Failure

from assets.intermediate.supplier_types import type_patterns
from tests.helpers import query, run_analysis

SUPPLIERS = b"""supplier_id,supplier_name,postcode,supplier_type,size,charity_number,sic_code
A,Rotherham Borough Council,Q1 1AA,large,,,
B,Mr J Smith,Q1 1AA,,,,
C,Don Valley Builders Ltd,QS1 1AA,,medium,,41201
D,Far Away Plc,QM1 1AA,,large,,F
E,Grange Trust,Q1 1AA,,,1098765,1110
F,Odd Entries Ltd,Q1 1AA,charity,huge,N/A,banana
"""

LEDGER = b"""Payment Date,Amount,Supplier Name,Supplier ID,Expense Type,Procurement Category,Charity Number
2019-04-02,1.00,Rotherham Borough Council,A,Precept,Levies,
2019-04-02,2.00,Mr J Smith,B,Fees,Care,
2019-04-03,4.00,Don Valley Builders Ltd,C,Repairs,Construction,
2019-05-03,8.00,Far Away Plc,D,Repairs,Construction,
2019-05-04,16.00,Grange Trust,E,Grants,Voluntary Sector,
2019-05-04,32.00,Riverside Food Bank,,Grants,Voluntary Sector,1123456
2019-05-05,64.00,Sheffield City Council,,Rates,Levies,N/A
2019-05-05,128.00,Odd Entries Ltd,F,Repairs,Construction,
"""

RULES = (
    "{exclude: [{name: levies by category, category: '(?i)^levies$'},"
    " {name: large builders, supplier_type: large, category: Construction}]}"
)


@pytest.fixture(scope="module")
def typed(tmp_path_factory):

    folder = tmp_path_factory.mktemp("types")
    (folder / "ledger").mkdir()
    (folder / "ledger" / "2019-04.csv").write_bytes(LEDGER)
    (folder / "suppliers.csv").write_bytes(SUPPLIERS)
    directory = folder / "codepoint" / "Data" / "CSV"
    directory.mkdir(parents=True)
    (directory / "q.csv").write_text(
        '"Q1 1AA",10,440000,390000,"E92000001","","","","E08000018",""\n'
        '"QS1 1AA",10,440000,390000,"E92000001","","","","E08000039",""\n'
        '"QM1 1AA",10,440000,390000,"E92000001","","","","E08000003",""\n'
    )
    config = folder / "analysis.yaml"
    config.write_text(
        "council_name: Test\nhome_lad_codes: [E08000018]\nregion_name: Region\nregion_lad_codes: [E08000039]\n"
        "ledger: [ledger/*.csv]\nsuppliers: suppliers.csv\npostcode_directories: [codepoint]\n"
        f'baseline_year: "2019/20"\nwarehouse: out/w.duckdb\ntop_suppliers: 3\ninfluenceable: {RULES}\n'
    )
    result = run_analysis(config)
    assert result.success
    return config


def test_each_payment_is_typed_by_the_first_evidence_that_applies(typed):
    assert query(
        typed,
        "SELECT supplier_name, supplier_type, supplier_type_evidence, influenceable_exclusion FROM located_transactions"
        " ORDER BY amount",
    ) == [
        # the supplier file's type wins over the council-name pattern; the category rule leaves it out
        ("Rotherham Borough Council", "large", "supplier file supplier_type", "levies by category"),
        ("Mr J Smith", "individual", "payee name looks like a person's", None),
        ("Don Valley Builders Ltd", "sme", "supplier file size medium", None),
        ("Far Away Plc", "large", "supplier file size large", "large builders"),  # both fields of the rule match
        ("Grange Trust", "vcse", "charity number 1098765 in the supplier file", None),
        ("Riverside Food Bank", "vcse", "charity number 1123456 in the ledger", None),  # in no supplier file
        ("Sheffield City Council", "public_body", "ledger name pattern: local councils", "levies by category"),
        ("Odd Entries Ltd", "unknown", "no evidence of type", None),  # its declared values are not usable
    ]


def test_unusable_supplier_file_values_are_noted_and_the_supplier_kept(typed):
    [(problems,)] = query(typed, "SELECT field_problems FROM suppliers WHERE supplier_id = 'F'")
    assert problems == (
        "supplier_type 'charity' is not one of individual, public_body, vcse, sme, large, unknown; "
        "size 'huge' is not one of micro, small, medium, large, sme; "
        "sic_code 'banana' is not a SIC 2007 code or section; charity_number 'N/A' is not a charity number"
    )
    assert query(typed, "SELECT supplier_id, sic_section FROM suppliers WHERE sic_section IS NOT NULL ORDER BY 1") == [
        ("C", "F"),
        ("D", "F"),
        ("E", "A"),  # 1110 is 01110 whose leading zero a spreadsheet dropped: growing cereals
    ]


def test_the_ledgers_category_is_a_breakdown_and_a_leakage_sector(typed):
    assert query(
        typed,
        "SELECT base, value, payments, total_spend FROM mart_spend_breakdown WHERE dimension = 'category'"
        " ORDER BY base, value",
    ) == [
        ("all", "Care", 1, Decimal("2.00")),
        ("all", "Construction", 3, Decimal("140.00")),
        ("all", "Levies", 2, Decimal("65.00")),
        ("all", "Voluntary Sector", 2, Decimal("48.00")),
        ("influenceable", "Care", 1, Decimal("2.00")),
        ("influenceable", "Construction", 2, Decimal("132.00")),
        ("influenceable", "Voluntary Sector", 2, Decimal("48.00")),
    ]
    assert query(
        typed,
        "SELECT value, total_spend, leaving_spend, local_suppliers, first_local_suppliers FROM mart_leakage"
        " WHERE base = 'all' AND dimension = 'category' AND value = 'Construction'",
    ) == [("Construction", Decimal("140.00"), Decimal("8.00"), 2, "Odd Entries Ltd; Don Valley Builders Ltd")]


def test_a_year_the_ledger_covers_in_part_says_how_many_months(typed):
    assert query(typed, "SELECT DISTINCT months FROM mart_local_spend_by_year") == [(2,)]
    assert query(typed, "SELECT DISTINCT months FROM mart_top_suppliers_summary") == [(2,)]
    assert query(typed, "SELECT DISTINCT months FROM mart_spend_breakdown") == [(2,)]


def test_a_supplier_types_file_with_a_bad_row_names_file_and_line(tmp_path):
    path = tmp_path / "types.csv"
    path.write_text("supplier_type,applies_to,pattern,what\npublic_body,supplier_name,(?i)\\bnhs\\b,NHS\nvcse,x,y,z\n")
    with pytest.raises(Failure, match=r"types.csv, line 3: supplier_type 'vcse' with applies_to 'x'"):
        type_patterns(path)
    path.write_text("supplier_type,applies_to,pattern,what\npublic_body,supplier_name,(nhs,NHS\n")
    with pytest.raises(Failure, match=r"types.csv, line 2: pattern '\(nhs' is not a regular expression"):
        type_patterns(path)
    path.write_text("type,pattern\n")
    with pytest.raises(Failure, match=r"types\.csv, line 1: no column supplier_type, applies_to, what"):
        type_patterns(path)


def test_quotes_in_a_pattern_a_what_or_a_rule_name_stay_text_in_the_query(tmp_path, analysis):
    """What the analyst writes is written into the SQL as literals: a quote can end no string, run no statement."""
    import duckdb

    from assets.intermediate.located_transactions import exclusion_sql
    from core.config import load_config

    path = tmp_path / "types.csv"
    path.write_text(
        "supplier_type,applies_to,pattern,what\n"
        "public_body,supplier_name,\"(?i)o'brien'\\); DROP TABLE t; --\",\"councils' own; '); DROP TABLE t; --\"\n"
    )
    expression = type_patterns(path)["{public_body_by_name}"]
    config = load_config(
        analysis(
            {"a.csv": b"Date,Amount,Supplier Name\n"},
            influenceable='{exclude: [{name: "it\'s\'); DROP TABLE t; --", supplier_name: "\'"}]}',
        )
    )
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('O''Brien''); DROP TABLE t; --', 'unknown'),"
                    " ('Acme', 'unknown')) AS v(supplier_name, supplier_type)")  # fmt: skip
        rows = con.execute(
            f"SELECT supplier_name, {expression}, {exclusion_sql(config.influenceable.exclude)} FROM t ORDER BY 1"
        ).fetchall()
        assert rows == [
            ("Acme", None, None),
            ("O'Brien'); DROP TABLE t; --", "councils' own; '); DROP TABLE t; --", "it's'); DROP TABLE t; --"),
        ]
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(2,)]
