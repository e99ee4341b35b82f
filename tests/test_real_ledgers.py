"""Real councils' published ledgers from ../shared, with both real Code-Point Open vintages.

The oracle is independent of the pipeline: Python's csv module reads every file, and the test knows each council's
amount column by name. Published files carry no supplier postcodes, so the second run uses a SYNTHETIC supplier
file made by `spend synthetic-suppliers`.
"""

import contextlib
import csv
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pytest

from core.config import load_config
from core.formatting import money, percent
from pipelines.cli import main
from tests.helpers import YEARS_OPEN, query, run_analysis, shared_path
from tooling.synthetic_suppliers import write_synthetic_suppliers

pytestmark = pytest.mark.slow

COUNCILS = {"devon": "Amount", "calderdale": ("Net Amount", "Amount"), "sheffield": "Amount"}
DATA_ROWS = {"devon": 306_804, "calderdale": 94_961, "sheffield": 890_939}


def oracle(folder: Path, amount_headers) -> tuple[int, Decimal]:
    """Rows and money (amounts rounded to the penny, where they parse) in every file of one council."""
    headers = (amount_headers,) if isinstance(amount_headers, str) else amount_headers
    rows, money = 0, Decimal(0)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            column = next(header.index(h) for h in headers if h in header)
            for record in reader:
                if any(value.strip() for value in record):
                    rows += 1
                    with contextlib.suppress(InvalidOperation, IndexError):
                        money += Decimal(record[column]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return rows, money


@pytest.fixture(scope="module")
def real_analysis(tmp_path_factory):
    ledgers = shared_path("ledgers")
    codepoint = shared_path("reference/codepoint-open")
    folder = tmp_path_factory.mktemp("real")
    (folder / "suppliers.csv").write_text("supplier_id,supplier_name,postcode\n")
    config = folder / "analysis.yaml"
    config.write_text(
        "council_name: Three real ledgers, Rotherham's places\n"
        "home_lad_codes: [E08000018]\n"
        "region_name: Sheffield City Region\n"
        "region_lad_codes: [E08000016, E08000038, E08000017, E08000018, E08000019, E08000039, E07000171,"
        " E07000033, E07000034, E07000035, E07000038]\n"
        f"ledger: [{ledgers}/devon/*.csv, {ledgers}/calderdale/*.csv, {ledgers}/sheffield/*.csv]\n"
        "suppliers: suppliers.csv\n"
        f"postcode_directories: [{codepoint}/codepo_gb_2025-10.zip, {codepoint}/codepo_gb_2018-07.zip]\n"
        'baseline_year: "2019/20"\n'
        "warehouse: out/real.duckdb\n"
        "influenceable: {exclude: [{name: public bodies, supplier_type: public_body},"
        " {name: precepts and levies, expense_type: '(?i)precept|levy'},"
        " {name: individuals, supplier_type: individual}]}\n"
    )
    first = run_analysis(config, as_of=YEARS_OPEN)  # the second run, with another supplier file, moves every year
    write_synthetic_suppliers(load_config(config), folder / "suppliers.csv")
    mart_before = query(
        config, "SELECT fiscal_year, payments, total_spend FROM mart_local_spend_by_year WHERE base = 'all' ORDER BY 1"
    )
    second = run_analysis(config, as_of=YEARS_OPEN)
    return config, first, second, mart_before


def test_every_real_row_is_loaded_or_quarantined_and_money_reconciles(real_analysis):
    config, first, _, _ = real_analysis
    assert first.success
    assert [e.asset_check_key.to_user_string() for e in first.get_asset_check_evaluations() if not e.passed] == []
    accounted = dict(
        (council, (rows, amount))
        for council, rows, amount in query(
            config,
            "SELECT council, count(*), sum(coalesce(amount, 0)) FROM ("
            " SELECT regexp_extract(source_file, 'ledgers/([a-z]+)/', 1) AS council, amount FROM ledger_transactions"
            " UNION ALL"
            " SELECT regexp_extract(source_file, 'ledgers/([a-z]+)/', 1), amount FROM ledger_quarantine"
            ") GROUP BY 1",
        )
    )
    for council, amount_header in COUNCILS.items():
        rows, money = oracle(shared_path(f"ledgers/{council}"), amount_header)
        assert rows == DATA_ROWS[council]
        assert accounted[council] == (rows, money), council


def test_real_quarantine_names_file_line_and_reason(real_analysis):
    config, *_ = real_analysis
    reasons = dict(
        query(
            config,
            "SELECT regexp_replace(reason, ' as .* line \\d+ ', ' as … '), count(*) FROM ledger_quarantine GROUP BY 1",
        )
    )
    assert reasons == {
        "amount is empty": 5078,
        "date is empty; amount is empty": 1,
        "the same payment as … (transaction number, date, supplier and amount): counted there": 1494,
    }
    [(file, line, raw)] = query(
        config, "SELECT source_file, source_line, raw FROM ledger_quarantine WHERE reason LIKE 'date is empty%'"
    )
    assert file.endswith("ledgers/sheffield/" + Path(file).name)
    assert line > 1 and raw.startswith(",")


def test_with_a_synthetic_supplier_file_every_ring_fills_and_totals_hold(real_analysis):
    config, _, second, mart_before = real_analysis
    assert second.success
    assert [e.asset_check_key.to_user_string() for e in second.get_asset_check_evaluations() if not e.passed] == []
    mart = query(
        config,
        "SELECT fiscal_year, payments, total_spend, home_spend, region_spend, elsewhere_spend, unknown_spend"
        " FROM mart_local_spend_by_year WHERE base = 'all' ORDER BY 1",
    )
    assert [row[:3] for row in mart] == mart_before  # placing suppliers never changes what was spent
    for _, _, total, home, region, elsewhere, unknown in mart:
        assert home + region + elsewhere + unknown == total
        assert min(home, region, elsewhere, unknown) != 0
    redacted = query(config, "SELECT DISTINCT ring FROM located_transactions WHERE link_method = 'redacted'")
    assert redacted == [("unknown",)]
    rings = dict(query(config, "SELECT ring, count(*) FROM supplier_locations GROUP BY 1"))
    assert set(rings) == {"home", "region", "elsewhere", "unknown"}


def test_every_new_table_reconciles_to_the_ledger_on_both_bases(real_analysis):
    """The CLES marts on 1.29 M real payments: each base of each year is the ledger's (less what the rules leave
    out), every breakdown and leakage dimension adds up to it, and the ledgers' own columns are read (Calderdale's
    procurement category; Calderdale's and Sheffield's charity numbers, which they leave empty)."""
    config, _, second, _ = real_analysis
    checks = {e.asset_check_key.to_user_string(): e.passed for e in second.get_asset_check_evaluations()}
    for check in ("mart_local_spend_by_year:reconciles_with_ledger", "mart_spend_breakdown:breakdown_adds_up",
                  "mart_leakage:leakage_adds_up", "mart_top_suppliers_summary:top_suppliers_add_up",
                  "mart_location_coverage:explains_unknown_spend"):  # fmt: skip
        assert checks[check], check
    by_base = query(
        config,
        "SELECT y.fiscal_year, y.base, y.total_spend, l.spend FROM mart_local_spend_by_year AS y JOIN ("
        " SELECT fiscal_year, b.base, sum(amount) AS spend FROM located_transactions,"
        " (VALUES ('all'), ('influenceable')) AS b(base)"
        " WHERE b.base = 'all' OR influenceable_exclusion IS NULL GROUP BY ALL) AS l USING (fiscal_year, base)",
    )
    assert len(by_base) == 2 * len({year for year, *_ in by_base})
    assert all(total == spend for *_, total, spend in by_base)
    excluded = dict(query(config, "SELECT influenceable_exclusion, count(*) FROM located_transactions GROUP BY 1"))
    assert excluded["individuals"] > 0 and excluded["public bodies"] > 0 and excluded["precepts and levies"] > 0
    categories = query(
        config,
        "SELECT count(DISTINCT category) FROM located_transactions WHERE source_file LIKE '%calderdale%'",
    )
    assert categories[0][0] > 10
    # Calderdale and Sheffield publish a charity number column, empty in every file: read, and empty
    assert query(config, "SELECT count(charity_number) FROM ledger_transactions") == [(0,)]
    types = dict(query(config, "SELECT supplier_type, count(*) FROM located_transactions GROUP BY 1"))
    assert types["public_body"] > 0 and types["vcse"] > 0 and types["individual"] > 0
    # Calderdale's ledger starts in January 2018 and ends in December 2021
    assert query(
        config, "SELECT fiscal_year, months FROM mart_local_spend_by_year WHERE base = 'all' AND months < 12"
    ) == [("2017/18", 3), ("2021/22", 9)]
    assert query(config, "SELECT count(*) FROM mart_spend_breakdown WHERE dimension = 'category'")[0][0] > 0


def test_devon_republished_early_february_2020_payments_which_count_once(real_analysis):
    """Devon's January 2020 file already holds 1,494 payments made in early February, which the February file
    publishes again: counted once, they would otherwise add £8,449,537.72 twice."""
    config, *_ = real_analysis
    assert query(
        config,
        "SELECT regexp_extract(source_file, '[^/]+$'), regexp_extract(reason, 'as .*/([^/]+) line', 1), count(*),"
        " sum(amount), min(regexp_extract(raw, '\\d{4}-\\d{2}-\\d{2}')),"
        " max(regexp_extract(raw, '\\d{4}-\\d{2}-\\d{2}'))"
        " FROM ledger_quarantine WHERE reason LIKE 'the same payment%' GROUP BY ALL",
    ) == [
        (
            "DCCSpendingOver500_202002.csv",
            "DCCSpendingOver500_202001.csv",
            1494,
            Decimal("8449537.72"),
            "2020-02-03",
            "2020-02-07",
        )
    ]


def test_the_annual_report_and_the_exports_are_made_from_the_real_ledgers(real_analysis, tmp_path):
    config, _, second, _ = real_analysis
    assert second.success
    report = ["report", "--config", str(config), "--html", str(tmp_path / "report.html"), "--pdf"]
    assert main([*report, str(tmp_path / "report.pdf"), "--year", "2019/20"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    where = "FROM mart_local_spend_by_year WHERE fiscal_year = '2019/20' AND base = 'all'"
    [(total, home_share)] = query(config, f"SELECT total_spend, home_share {where}")
    assert money(total) in page and percent(home_share) in page
    assert "2021/22 (9 of 12 months)" in page  # Calderdale's files run to December 2021: a partial year, marked
    assert "No district boundaries are configured, so there is no map" in page  # the analysis names none
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["export", "--config", str(config), "--out", str(tmp_path / "export")]) == 0
    exported = pd.read_parquet(tmp_path / "export" / "mart_local_spend_by_year.parquet")
    assert sorted(zip(exported.fiscal_year, exported.base, exported.total_spend, strict=True)) == query(
        config, "SELECT fiscal_year, base, total_spend FROM mart_local_spend_by_year ORDER BY 1, 2"
    )
    quarantined = pd.read_csv(tmp_path / "export" / "ledger_quarantine.csv", encoding="utf-8-sig", dtype=str)
    assert len(quarantined) == query(config, "SELECT count(*) FROM ledger_quarantine")[0][0]
    dictionary = pd.read_csv(tmp_path / "export" / "data_dictionary.csv", encoding="utf-8-sig", keep_default_na=False)
    assert dictionary[dictionary.meaning == ""].values.tolist() == []
