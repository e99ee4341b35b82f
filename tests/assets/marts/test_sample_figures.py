"""The whole pipeline over the embedded sample, whose every figure is known by construction."""

from decimal import Decimal

import pytest

from core.config import load_config
from tests.helpers import query
from tooling.sample import build_sample


@pytest.fixture(scope="module")
def sample():
    return build_sample()


def pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


def test_run_succeeds_with_every_check_passing(sample_run):
    _, result = sample_run
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == 65
    assert [e.asset_check_key.to_user_string() for e in evaluations if not e.passed] == []


@pytest.mark.parametrize("base", ["all", "influenceable"])
def test_mart_matches_the_sample_by_construction(sample_run, sample, base):
    config, _ = sample_run
    rows = query(
        config,
        "SELECT fiscal_year, payments, total_spend, home_spend, region_spend, elsewhere_spend, unknown_spend,"
        " office_home_spend, office_region_spend, office_elsewhere_spend, office_unknown_spend"
        " FROM mart_local_spend_by_year WHERE base = ? ORDER BY fiscal_year",
        [base],
    )
    rings = ("home", "region", "elsewhere", "unknown")
    expected = [
        (year, e["payments"], *(pounds(e[k]) for k in ("total", *rings, *(f"office {r}" for r in rings))))
        for year, e in sample.expected_by_year(base).items()
    ]
    assert rows == expected


def test_headline_figures(sample_run):
    """Literal figures of the committed sample, so a change to the generator or the pipeline is seen."""
    config, _ = sample_run
    assert query(
        config,
        "SELECT fiscal_year, total_spend, home_spend, round(home_share, 4), round(home_and_region_share, 4),"
        " is_baseline, target_home_share, round(gap_to_target, 4), months FROM mart_local_spend_by_year"
        " WHERE base = 'all' ORDER BY 1",
    ) == [
        ("2018/19", Decimal("14165883.71"), Decimal("5470443.64"), 0.3862, 0.6757, False, None, None, 12),
        ("2019/20", Decimal("14803960.10"), Decimal("6233818.07"), 0.4211, 0.65, True, None, None, 12),
        ("2020/21", Decimal("14331500.94"), Decimal("5726987.54"), 0.3996, 0.6422, False, 0.42, 0.0204, 12),
        ("2021/22", Decimal("14295835.31"), Decimal("5588482.01"), 0.3909, 0.6375, False, 0.45, 0.0591, 12),
    ]


def test_every_row_is_loaded_or_quarantined_where_expected(sample_run, sample):
    config, _ = sample_run
    loaded = query(config, "SELECT source_file, source_line, fiscal_year, amount FROM ledger_transactions")
    assert sorted(loaded) == sorted(
        (r.source_file, r.source_line, r.fiscal_year, pounds(r.pence)) for r in sample.expected_rows if r.loaded
    )
    quarantined = query(config, "SELECT source_file, source_line, reason, amount FROM ledger_quarantine ORDER BY 1, 2")
    expected = sorted((r.source_file, r.source_line, r.reason, r.pence) for r in sample.expected_rows if not r.loaded)
    assert len(quarantined) == len(expected) == 20
    for (file, line, reason, amount), (e_file, e_line, e_reason, e_pence) in zip(quarantined, expected, strict=True):
        assert (file, line) == (e_file, e_line)
        assert reason.startswith(e_reason)
        assert amount == (pounds(e_pence) if e_pence is not None else None)


def test_every_ledger_row_lands_in_the_ring_the_sample_intends(sample_run, sample):
    config, _ = sample_run
    placed = dict(
        ((file, line), ring)
        for file, line, ring in query(config, "SELECT source_file, source_line, ring FROM located_transactions")
    )
    assert placed == {(r.source_file, r.source_line): r.ring for r in sample.expected_rows if r.loaded}


def test_suppliers_are_placed_by_the_right_directory_and_method(sample_run, sample):
    config, _ = sample_run
    rows = {
        name: (ring, method, source)
        for name, ring, method, source in query(
            config, "SELECT supplier_name, ring, method, decided_by FROM supplier_locations WHERE party_id LIKE 'S%'"
        )
    }
    suppliers = sample.suppliers + sample.policy_suppliers
    assert len(rows) == len(suppliers)
    assert {name: ring for name, (ring, _, _) in rows.items()} == {s.name: s.ring for s in suppliers}
    methods = {name: method for name, (_, method, _) in rows.items() if method != "postcode"}
    special = {s.supplier_id: s.name for s in sample.suppliers}
    assert methods == {
        special["S0047"]: "terminated_postcode",  # only in the 2018 Code-Point, listed after 2025's
        special["S0049"]: "no_postcode",
        special["S0050"]: "invalid_postcode",
        special["S0051"]: "postcode_not_in_directory",
        special["S0052"]: "point_in_polygon",  # the directory gives no district; its grid reference is in a box
        special["S0053"]: "overseas",
        special["S0056"]: "override",  # office elsewhere, local site in the borough
        special["S0057"]: "companies_house",  # company number only
        special["S0058"]: "point_in_polygon",  # coordinates only
    }
    sources = {method: source for _, method, source in rows.values() if method != "postcode"}
    assert sources["terminated_postcode"] == "codepo_gb_2018-07"
    assert sources["point_in_polygon"] == "synthetic_lad_boxes.geojson"
    assert sources["companies_house"] == "codepo_gb_2025-10"
    # the community associations missing from the supplier file are placed through Companies House
    assert query(
        config, "SELECT supplier_name, ring, method FROM supplier_locations WHERE party_id LIKE 'C%' ORDER BY 1"
    ) == [
        ("KESTREL COMMUNITY ASSOCIATION CIC", "home", "companies_house"),
        ("MOORGATE COMMUNITY ASSOCIATION CIC", "home", "companies_house"),
    ]


def test_supplier_file_rows_not_used_are_quarantined_with_line_and_reason(sample_run):
    config, _ = sample_run
    assert query(config, "SELECT source_file, source_line, reason FROM supplier_quarantine ORDER BY 2") == [
        ("suppliers.csv", 13, "supplier_name is empty"),
        ("suppliers.csv", 17, "supplier_id 'S0013' is already used on line 16"),
    ]


def test_ledger_files_reconcile_to_the_penny(sample_run, sample):
    config, _ = sample_run
    files = query(
        config, "SELECT source_file, encoding, physical_lines = lines_read, data_rows, amount_in_file FROM ledger_files"
    )
    assert len(files) == 48
    assert all(lines_match for _, _, lines_match, _, _ in files)
    assert {f for f, encoding, *_ in files if encoding != "utf-8"} == {"ledger/2019-11.csv"}
    assert sum(rows for *_, rows, _ in files) == len(sample.expected_rows)
    assert sum(amount for *_, amount in files) == pounds(sum(r.pence or 0 for r in sample.expected_rows))


def test_ingest_quality_report_as_table_and_page(sample_run, sample):
    config, result = sample_run
    rows = query(
        config,
        "SELECT count(*), sum(data_rows), sum(loaded_rows), sum(quarantined_rows), sum(loaded_amount),"
        " count(*) FILTER (WHERE status = 'loaded') FROM mart_ingest_quality",
    )
    loaded = [r for r in sample.expected_rows if r.loaded]
    assert rows == [(48, len(sample.expected_rows), len(loaded), 20, pounds(sum(r.pence for r in loaded)), 28)]
    page = load_config(config).warehouse_path.with_name("ingest_quality_report.html").read_text()
    assert "48 files; 3,537 rows (£61,756,945.51) in; 3,517 loaded (£57,597,180.06); 20 quarantined" in page
    assert "<td>ledger/2019-11.csv</td>" in page
    # the sample's ledger has no category, company or charity number column: said once for the whole ledger
    assert "The ledger lacks altogether: category, charity_number, company_number (no loaded row" in page
    assert query(
        config, "SELECT fields_missing, count(*) FROM mart_ingest_quality WHERE loaded_rows > 0 GROUP BY 1 ORDER BY 1"
    ) == [("category, company_number, charity_number", 36),  # the fourth year's layout has no transaction number
          ("transaction_number, category, company_number, charity_number", 12)]  # fmt: skip
    [materialization] = [
        m for m in result.get_asset_materialization_events() if m.asset_key.to_user_string() == "mart_ingest_quality"
    ]
    metadata = materialization.materialization.metadata
    assert metadata["files_needing_a_look"].value == 20
    assert metadata["fields the ledger lacks"].value == "category, charity_number, company_number"
    assert "| ledger/2018-07.csv | loaded, some rows quarantined | 80 | 79 | amount … does not parse (1) |" in (
        metadata["files needing a look"].value
    )
