"""LM3, coverage and the supply-chain flows on a ledger whose answer is worked by hand: four suppliers paid £10,000
in 2019/20 (Home Ltd £1,000 and Quiet Ltd £4,000 in the home area, both construction; Region Co £2,000 in the
region; Away Ltd £3,000 elsewhere), three of them surveyed, under each way of treating the one that was not."""

from decimal import Decimal

import pytest

from tests.helpers import query, run_analysis, write_analysis

SUPPLIERS = (
    b"supplier_name,postcode,sic_code\n"
    b"Home Ltd,Q1 1AA,43210\nRegion Co,QS1 1AA,86900\nAway Ltd,QM1 1AA,62020\nQuiet Ltd,Q1 1AA,43220\n"
)
LEDGER = (
    b"Date,Amount,Supplier Name\n"
    b"2019-05-01,1000.00,Home Ltd\n2019-06-01,2000.00,Region Co\n2019-07-01,3000.00,Away Ltd\n"
    b"2019-08-01,4000.00,Quiet Ltd\n"
)
# of income: staff and purchases; of each, home and region. Home Ltd keeps 0.2: staff home 0.30, region 0.10,
# elsewhere 0.10; purchases home 0.15, region 0.03, elsewhere 0.12. Region Co: 0.10, 0.20, 0.10; 0.04, 0.16, 0.20.
# Away Ltd: 0.06, 0.06, 0.48; 0, 0.10, 0.10.
SURVEYS = (
    b"supplier_name,fiscal_year,staff_share,staff_home_share,staff_region_share,purchases_share,"
    b"purchases_home_share,purchases_region_share\n"
    b"Home Ltd,2019/20,0.5,0.6,0.2,0.3,0.5,0.1\n"
    b"Region Co,2019/20,40%,25%,50%,40%,10%,40%\n"
    b"Away Ltd,2019/20,0.6,0.1,0.1,0.2,0,0.5\n"
    b"Nobody Ltd,2019/20,0.5,0.5,0.5,0.1,0.1,0.1\n"
    b"HOME LIMITED,2019/20,0.1,0.1,0.1,0.1,0.1,0.1\n"
    b"Region Co,2020/21,0.7,0.1,0.1,0.5,0.1,0.1\n"
    b"Away Ltd,2020/21,0.5,0.6,0.5,0.1,0.1,0.1\n"
    b"Away Ltd,2021/22,1.5,0.1,0.1,0.1,0.1,0.1\n"
    b"Quiet Ltd,2021/22,0.1,0.1,0.1,lots,0.1,0.1\n"
)
SUBCONTRACTS = (
    b"contract_id,supplier_name,subcontractor_name,postcode,company_number,amount,fiscal_year\n"
    b",Home Ltd,Local Sparks,Q1 1AA,,300,2019/20\n"
    b",Home Ltd,Far Pipes,QM1 1AA,,200.00,2019/20\n"
    b",Away Ltd,Sheffield Sub,QS1 1AA,,5000,2019/20\n"
    b",Nobody Ltd,X,QM1 1AA,,10,2019/20\n"
    b",Home Ltd,,QM1 1AA,,10,2019/20\n"
    b",Home Ltd,Y,QM1 1AA,,-5,2019/20\n"
    b"C-9,,Z,QM1 1AA,,5,2019/20\n"
    b",Home Ltd,Mystery Sub,ZZ9 9ZZ,,50,2019/20\n"
)


def analysis(folder, method: str):
    (folder / "surveys.csv").write_bytes(SURVEYS)
    (folder / "subcontracts.csv").write_bytes(SUBCONTRACTS)
    config = write_analysis(
        folder,
        {"l.csv": LEDGER},
        SUPPLIERS,
        supply_chain=f"{{surveys: surveys.csv, subcontracts: subcontracts.csv, non_respondents: {method}}}",
    )
    result = run_analysis(config)
    assert result.success
    checks = {(e.asset_key.path[-1], e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert checks[("mart_supply_chain_flows", "supply_chain_adds_up")]
    return config


@pytest.fixture(scope="module")
def excluded(tmp_path_factory):
    return analysis(tmp_path_factory.mktemp("lm3_exclude"), "exclude")


def overall(config, area: str) -> tuple:
    return query(
        config,
        "SELECT r1, r2, r3, lm3, r3_all_suppliers, lm3_all_suppliers, round(coverage, 6),"
        " round(coverage_all_suppliers, 6), r3_imputed, suppliers_answered FROM mart_lm3"
        " WHERE base = 'all' AND dimension = 'overall' AND area = ?",
        [area],
    )[0]


def test_lm3_with_the_non_respondent_left_out(excluded):
    # home: R2 = 1,000 + 4,000; R3 = Home Ltd 1,000 x (0.30 + 0.15); every supplier: + Region Co 2,000 x 0.14 + Away
    # Ltd 3,000 x 0.06. Home and region: R2 adds Region Co; R3 = 1,000 x 0.58 + 2,000 x 0.50 (+ 3,000 x 0.22).
    assert overall(excluded, "home") == (
        Decimal("10000.00"), Decimal("5000.00"), Decimal("450.00"), Decimal("1.545000"), Decimal("910.00"),
        Decimal("1.591000"), 0.2, 0.6, Decimal("0.00"), 3,
    )  # fmt: skip
    assert overall(excluded, "home_and_region") == (
        Decimal("10000.00"), Decimal("7000.00"), Decimal("1580.00"), Decimal("1.858000"), Decimal("2240.00"),
        Decimal("1.924000"), 0.428571, 0.6, Decimal("0.00"), 3,
    )  # fmt: skip
    assert query(excluded, "SELECT DISTINCT method FROM mart_lm3 WHERE dimension = 'overall' AND area = 'home'") == [
        ("R3 from surveys covering 20.0% of R2; suppliers without a survey re-spend nothing locally (excluded)",)
    ]


def test_lm3_by_supplier_and_sector(excluded):
    assert query(
        excluded,
        "SELECT dimension, coalesce(supplier_name, value), r1, r2, r3, lm3 FROM mart_lm3 WHERE base = 'all'"
        " AND area = 'home' AND dimension IN ('supplier', 'sector') ORDER BY dimension, 2",
    ) == [
        ("sector", "F", Decimal("5000.00"), Decimal("5000.00"), Decimal("450.00"), Decimal("2.090000")),
        ("sector", "J", Decimal("3000.00"), Decimal("0.00"), Decimal("0.00"), Decimal("1.000000")),
        ("sector", "Q", Decimal("2000.00"), Decimal("0.00"), Decimal("0.00"), Decimal("1.000000")),
        ("supplier", "Away Ltd", Decimal("3000.00"), Decimal("0.00"), Decimal("0.00"), Decimal("1.000000")),
        ("supplier", "Home Ltd", Decimal("1000.00"), Decimal("1000.00"), Decimal("450.00"), Decimal("2.450000")),
        ("supplier", "Quiet Ltd", Decimal("4000.00"), Decimal("4000.00"), Decimal("0.00"), Decimal("2.000000")),
        ("supplier", "Region Co", Decimal("2000.00"), Decimal("0.00"), Decimal("0.00"), Decimal("1.000000")),
    ]


@pytest.mark.parametrize(
    "method, r3, lm3, imputed",
    [
        # Quiet Ltd takes the spend-weighted average of all three answers: (300 + 200 + 180 + 150 + 80 + 0) / 6,000
        # of income re-spent in the home area, 0.1516666666 to ten places, on its 4,000
        ("overall_average", "1056.67", "1.605667", "606.67"),
        # Quiet Ltd takes its sector's (F, construction) average: Home Ltd's alone, 0.45 of 4,000
        ("category_average", "2250.00", "1.725000", "1800.00"),
    ],
)
def test_lm3_with_the_non_respondent_given_an_average(tmp_path, method, r3, lm3, imputed):
    config = analysis(tmp_path, method)
    r1, r2, found_r3, found_lm3, *_, found_imputed, answered = overall(config, "home")
    assert (r1, r2, found_r3, found_lm3, found_imputed, answered) == (
        Decimal("10000.00"), Decimal("5000.00"), Decimal(r3), Decimal(lm3), Decimal(imputed), 3,
    )  # fmt: skip


def test_the_flows_balance_at_every_supplier_node(excluded):
    assert query(
        excluded,
        "SELECT source, target, amount, basis FROM mart_supply_chain_flows WHERE area = 'home'",
    ) == [
        ("council", "suppliers: local", Decimal("5000.00"), "ledger"),
        ("council", "suppliers: outside", Decimal("5000.00"), "ledger"),
        ("suppliers: local", "not surveyed", Decimal("4000.00"), "survey"),
        ("suppliers: local", "purchases: local", Decimal("150.00"), "survey"),
        ("suppliers: local", "purchases: outside", Decimal("150.00"), "survey"),
        ("suppliers: local", "retained", Decimal("200.00"), "survey"),
        ("suppliers: local", "staff: local", Decimal("300.00"), "survey"),
        ("suppliers: local", "staff: outside", Decimal("200.00"), "survey"),
        ("suppliers: outside", "purchases: local", Decimal("80.00"), "survey"),
        ("suppliers: outside", "purchases: outside", Decimal("1320.00"), "survey"),
        ("suppliers: outside", "retained", Decimal("1000.00"), "survey"),
        ("suppliers: outside", "staff: local", Decimal("380.00"), "survey"),
        ("suppliers: outside", "staff: outside", Decimal("2220.00"), "survey"),
        ("suppliers: local", "subcontractors: local", Decimal("300.00"), "declared"),
        ("suppliers: local", "subcontractors: outside", Decimal("200.00"), "declared"),
        ("suppliers: local", "subcontractors: unknown", Decimal("50.00"), "declared"),
        ("suppliers: outside", "subcontractors: outside", Decimal("5000.00"), "declared"),
    ]


def test_declared_subcontracts_by_ring_with_a_declaration_above_the_payments_flagged(excluded):
    assert query(
        excluded,
        "SELECT fiscal_year, supplier_name, contract_id, subcontracts, declared, declared_home, declared_region,"
        " declared_elsewhere, declared_unknown, unknown_because, paid, exceeds_payments, note"
        " FROM mart_subcontract_spend",
    ) == [
        ("2019/20", "Away Ltd", "(none)", 1, Decimal("5000.00"), Decimal("0.00"), Decimal("5000.00"),
         Decimal("0.00"), Decimal("0.00"), None, Decimal("3000.00"), True,
         "declared £5,000.00 is more than the £3,000.00 the ledger paid the supplier that year"),
        ("2019/20", "Home Ltd", "(none)", 3, Decimal("550.00"), Decimal("300.00"), Decimal("0.00"),
         Decimal("200.00"), Decimal("50.00"), "postcode_not_in_directory", Decimal("1000.00"), False, None),
    ]  # fmt: skip


def test_bad_survey_and_subcontract_lines_are_quarantined_with_their_reason(excluded):
    assert query(excluded, "SELECT source_line, reason FROM survey_quarantine") == [
        (5, "unknown supplier: no supplier or payee is named Nobody Ltd"),
        (6, "surveyed twice: line 2 is the same supplier's survey for 2019/20"),
        (7, "staff_share plus purchases_share is 1.2, above 1"),
        (8, "staff_home_share plus staff_region_share is 1.1, above 1"),
        (9, "staff_share 1.5 is outside 0-1"),
        (10, "purchases_share 'lots' is not a share"),
    ]
    assert query(excluded, "SELECT source_line, reason FROM subcontract_quarantine") == [
        (5, "unknown supplier: no supplier or payee is named Nobody Ltd"),
        (6, "subcontractor_name is empty"),
        (7, "amount -5 is negative"),
        (8, "unknown contract 'C-9'"),
    ]


def test_the_samples_lm3_is_its_payments_times_its_surveyed_suppliers_local_re_spend(sample_run):
    """Worked from the generator's own record of every payment (its year, ring and supplier) and the shares it wrote
    in the surveys: a supplier answers for a year with its survey of that year, else its latest earlier one."""
    from tooling.sample import build_sample

    config, _ = sample_run
    sample = build_sample()
    expected, flows = {}, {}
    for area, local in (("home", {"home"}), ("home_and_region", {"home", "region"})):
        for row in (r for r in sample.expected_rows if r.loaded):
            r1, r2, r3, answered = expected.setdefault((row.fiscal_year, area), [Decimal(0)] * 4)
            amount = Decimal(row.pence) / 100
            years = [y for (supplier, y) in sample.surveys if supplier == row.party and y <= row.fiscal_year]
            rate = Decimal(0)
            if years:
                a, hs, gs, b, hp, gp = map(Decimal, sample.surveys[(row.party, max(years))])
                rate = a * hs + b * hp if area == "home" else a * (hs + gs) + b * (hp + gp)
            local_row = row.ring in local
            expected[(row.fiscal_year, area)] = [
                r1 + amount,
                r2 + (amount if local_row else 0),
                r3 + (amount * rate if local_row else 0),
                answered + (amount if local_row and years else 0),
            ]
            node = (
                "suppliers: unknown" if row.ring == "unknown" else f"suppliers: {'local' if local_row else 'outside'}"
            )
            flows[(row.fiscal_year, area, node)] = flows.get((row.fiscal_year, area, node), Decimal(0)) + amount
    assert query(
        config,
        "SELECT fiscal_year, area, r1, r2, r3, lm3, round(coverage, 9) FROM mart_lm3"
        " WHERE base = 'all' AND dimension = 'overall'",
    ) == [
        (year, area, r1, r2, r3.quantize(Decimal("0.01")), ((r1 + r2 + r3) / r1).quantize(Decimal("0.000001")),
         round(float(answered / r2), 9))
        for (year, area), (r1, r2, r3, answered) in sorted(expected.items())
    ]  # fmt: skip
    assert query(
        config, "SELECT fiscal_year, area, target, amount FROM mart_supply_chain_flows WHERE source = 'council'"
    ) == [(year, area, node, amount) for (year, area, node), amount in sorted(flows.items())]
    assert query(config, "SELECT source_line, reason FROM survey_quarantine") == [
        (6, "staff_share plus purchases_share is 1.2, above 1")
    ]
    assert query(
        config,
        "SELECT supplier_name, contract_id, declared, declared_home, declared_region, declared_elsewhere"
        " FROM mart_subcontract_spend ORDER BY supplier_name",
    ) == [
        ("Greystone Care Services Ltd", "SC-001", Decimal("42000.00"), 0, Decimal("42000.00"), 0),
        ("Heatherside Electrical LLP", "(none)", Decimal("15000.00"), Decimal("15000.00"), 0, 0),
        ("Moorgate Transport Limited", "(none)", Decimal("8000.00"), 0, 0, Decimal("8000.00")),
    ]
    assert query(config, "SELECT source_line, reason FROM subcontract_quarantine") == [
        (5, "unknown supplier: no supplier or payee is named Nobody We Pay Ltd")
    ]


def test_the_headline_gives_lm3_with_its_coverage_and_method(sample_run):
    from core.config import load_config
    from pipelines.report import headline

    config, _ = sample_run
    [line] = [line for line in headline(load_config(config)).splitlines() if line.startswith("LM3")]
    lm3 = query(
        config,
        "SELECT fiscal_year, lm3, coverage FROM mart_lm3 WHERE base = 'all' AND area = 'home'"
        " AND dimension = 'overall' ORDER BY fiscal_year",
    )
    assert line == (
        "LM3, home area, all spend (surveys' coverage of R2; non-surveyed suppliers: exclude): "
        + ", ".join(f"{year} {value:.2f} ({coverage:.1%})" for year, value, coverage in lm3)
        + " (mart_lm3)."
    )
    assert "2019/20 1.43 (2.8%)" in line


def test_without_a_supply_chain_there_is_no_lm3_and_no_flow(tmp_path):
    config = write_analysis(tmp_path, {"l.csv": LEDGER}, SUPPLIERS)
    assert run_analysis(config).success
    for table in ("mart_lm3", "mart_supply_chain_flows", "mart_subcontract_spend", "supplier_surveys", "subcontracts"):
        assert query(config, f"SELECT count(*) FROM {table}") == [(0,)]
