"""Linking payments to suppliers and placing suppliers in rings."""

from decimal import Decimal

from tests.helpers import query, run_analysis


def test_linking_by_id_then_name_and_redactions(analysis):
    suppliers = (
        b"supplier_id,supplier_name,postcode,country\n"
        b"S1,Acme Ltd,q11aa,\n"
        b"S2,Brook Services Limited,QZ9 9ZZ,\n"  # well formed, in no directory: unknown
        b"S3,Cairn Software,D02 X285,Ireland\n"
    )
    ledger = (
        b"Date,Amount,Supplier Name,Supplier ID\n"
        b"2019-04-01,1.00,Some Other Name,S1\n"  # id wins over name
        b"2019-04-01,2.00,BROOK SERVICES LTD,\n"  # name, normalised
        b"2019-04-01,4.00,cairn software,\n"
        b"2019-04-01,8.00,REDACTED PERSONAL DATA,S1\n"  # redacted: never linked
        b"2019-04-01,16.00,Nobody Known,\n"
        b"2019-04-01,32.00,,\n"
        b"2019-04-01,64.00,Mrs P Bucket,\n"  # looks like a private individual: flagged for review
    )
    config = analysis({"l.csv": ledger}, supplier_file=suppliers)
    assert run_analysis(config).success
    assert query(config, "SELECT amount, link_method, ring, location_method FROM located_transactions ORDER BY 1") == [
        (Decimal("1.00"), "supplier_id", "home", "postcode"),
        (Decimal("2.00"), "name", "unknown", "postcode_not_in_directory"),
        (Decimal("4.00"), "name", "elsewhere", "overseas"),
        (Decimal("8.00"), "redacted", "unknown", "redacted"),
        (Decimal("16.00"), "unmatched", "unknown", "unmatched"),
        (Decimal("32.00"), "no_supplier_name", "unknown", "no_supplier_name"),
        (Decimal("64.00"), "unmatched", "unknown", "unmatched"),
    ]
    personal = query(config, "SELECT amount FROM located_transactions WHERE payee_looks_personal")
    assert personal == [(Decimal("64.00"),)]


def test_a_placed_postcode_decides_over_a_country_spelling_and_ids_survive_unusable_rows(analysis):
    suppliers = (
        b"supplier_id,supplier_name,postcode,country\n"
        b"S1,,Q1 1AA,\n"  # unusable (no name): must not take S1 from the next line
        b"S1,Acme Ltd,Q1 1AA,Britain\n"
        b"S2,Birch Ltd,QM1 1AA,Ireland\n"  # the directory places it: elsewhere by postcode
        b"S3,Cedar Ltd,,N. Ireland\n"  # a UK spelling without a postcode: unknown, not elsewhere
    )
    ledger = b"Date,Amount,Supplier Name,Supplier ID\n2019-04-01,1.00,x,S1\n"
    config = analysis({"l.csv": ledger}, supplier_file=suppliers)
    assert run_analysis(config).success
    assert query(config, "SELECT supplier_id, ring, method FROM supplier_locations ORDER BY 1") == [
        ("S1", "home", "postcode"),
        ("S2", "elsewhere", "postcode"),
        ("S3", "unknown", "no_postcode"),
    ]
    assert query(config, "SELECT source_line, reason FROM supplier_quarantine") == [(2, "supplier_name is empty")]
    assert query(config, "SELECT link_method, ring FROM located_transactions") == [("supplier_id", "home")]


def test_a_local_site_that_places_nothing_says_why_and_the_office_decides(analysis):
    suppliers = (
        b"supplier_id,supplier_name,postcode,local_site_postcode,easting,northing\n"
        b"S1,Acme Ltd,QM1 1AA,NOT A PC,,\n"
        b"S2,Birch Ltd,QM1 1AA,QZ9 9ZZ,,\n"
        b"S3,Cedar Ltd,QM1 1AA,QS1 1AA,,\n"  # a site in the region beats an office elsewhere
        b"S4,Damson Ltd,Q1 1AA,QS1 1AA,,\n"  # a site less local than the office changes nothing
        b"S5,Elm Ltd,,,440000,\n"  # half a point: not used, and said so
    )
    ledger = b"Date,Amount,Supplier Name,Supplier ID\n2019-04-01,1.00,x,S1\n"
    config = analysis({"l.csv": ledger}, supplier_file=suppliers)
    assert run_analysis(config).success
    assert query(
        config, "SELECT supplier_id, ring, method, office_ring, local_site_problem FROM supplier_locations ORDER BY 1"
    ) == [
        ("S1", "elsewhere", "postcode", "elsewhere", "invalid_postcode"),
        ("S2", "elsewhere", "postcode", "elsewhere", "postcode_not_in_directory"),
        ("S3", "region", "override", "elsewhere", None),
        ("S4", "home", "postcode", "home", None),
        ("S5", "unknown", "no_postcode", "unknown", None),
    ]
    assert query(config, "SELECT supplier_id, field_problems FROM suppliers WHERE field_problems IS NOT NULL") == [
        ("S1", "local_site_postcode 'NOT A PC' is not a postcode"),
        ("S5", "a point needs both easting and northing, or both latitude and longitude"),
    ]
