"""CLES's analysis over the embedded sample, whose every answer is known by construction: supplier types and the
evidence that decided them, the influenceable base, the top suppliers, the breakdowns, leakage, a name two home
suppliers share, and coverage by year."""

import csv
import re
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.helpers import query
from tooling.sample import build_sample

RINGS = ("home", "region", "elsewhere", "unknown")


@pytest.fixture(scope="module")
def sample():
    return build_sample()


def pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


def loaded(sample):
    return [r for r in sample.expected_rows if r.loaded]


def test_every_payment_has_the_type_and_exclusion_the_sample_intends(sample_run, sample):
    config, _ = sample_run
    found = {
        (file, line): (supplier_type, exclusion)
        for file, line, supplier_type, exclusion in query(
            config, "SELECT source_file, source_line, supplier_type, influenceable_exclusion FROM located_transactions"
        )
    }
    assert found == {(r.source_file, r.source_line): (r.supplier_type, r.exclusion) for r in loaded(sample)}
    assert {t for t, _ in found.values()} == {"individual", "public_body", "vcse", "sme", "large", "unknown"}


def test_each_type_says_what_decided_it(sample_run):
    config, _ = sample_run
    evidence = dict(
        query(
            config,
            "SELECT DISTINCT supplier_name, supplier_type || ': ' || supplier_type_evidence FROM located_transactions"
            " WHERE supplier_name IN ('Sample Borough Council', 'Quarrybank NHS Foundation Trust',"
            " 'HM Revenue and Customs', 'Ravenscar Community Transport', 'Whinmoor Youth Trust', 'Juniper Works Ltd',"
            " 'Redacted', 'Kestrel Community Association', 'Underhill Consulting Ltd',"
            " 'South Quarrybank Pension Fund')",
        )
    )
    assert evidence == {
        "Sample Borough Council": "public_body: ledger name pattern: local councils",
        "Quarrybank NHS Foundation Trust": "public_body: ledger name pattern: NHS bodies",
        "HM Revenue and Customs": "public_body: ledger name pattern: HMRC",
        "Ravenscar Community Transport": "vcse: charity number 1123456 in the supplier file",
        "Whinmoor Youth Trust": "vcse: supplier file supplier_type",  # declared, over its declared size
        "Juniper Works Ltd": "public_body: supplier file supplier_type",
        "Redacted": "individual: redacted payee",
        # not in the supplier file: the register's company of that name, a community interest company
        "Kestrel Community Association": "vcse: Companies House category 'Community Interest Company': "
        "community interest companies",
        "Underhill Consulting Ltd": "sme: supplier file size small",
        "South Quarrybank Pension Fund": "unknown: no evidence of type",
    }


def test_a_payment_two_rules_match_falls_under_the_first(sample_run):
    """HMRC's apprenticeship levy is a public body's (rule 1), a levy (rule 2) and HMRC's (rule 3)."""
    config, _ = sample_run
    assert query(
        config,
        "SELECT DISTINCT expense_type, influenceable_exclusion FROM located_transactions"
        " WHERE supplier_name = 'HM Revenue and Customs'",
    ) == [("Apprenticeship Levy", "public bodies")]


def test_both_bases_name_what_they_hold(sample_run):
    config, _ = sample_run
    definitions = dict(query(config, "SELECT DISTINCT base, base_definition FROM mart_local_spend_by_year"))
    assert definitions["all"] == "all payments"
    assert definitions["influenceable"].startswith("all payments except: public bodies (supplier_type = public_body)")


def test_a_name_two_home_suppliers_share_is_home_though_its_supplier_is_not_known(sample_run, sample):
    config, _ = sample_run
    rows = query(
        config,
        "SELECT supplier_name, link_method, location_method, ring, office_location_method, office_ring,"
        " count(*), sum(amount) FROM located_transactions WHERE link_method = 'ambiguous_name' GROUP BY ALL ORDER BY 1",
    )
    foxglove = [r for r in loaded(sample) if r.party is None and r.ring == "home" and r.exclusion is None
                and r.supplier_type == "unknown" and _payee(sample, r).startswith("Foxglove")]  # fmt: skip
    named = {row[0]: row for row in rows}
    assert named.pop("Foxglove Gardens Ltd") == (
        "Foxglove Gardens Ltd", "ambiguous_name", "ambiguous_name_one_ring", "home", "ambiguous_name_one_ring", "home",
        len(foxglove), pounds(sum(r.pence for r in foxglove)),
    )  # fmt: skip
    # the Copperfield Print names: one home supplier, one elsewhere; the ring is not known
    assert {r[2:6] for r in named.values()} == {("ambiguous_name", "unknown", "ambiguous_name", "unknown")}


def _text(sample, row) -> str:
    """The text of a sample row's first line."""
    return re.split(r"\r?\n", sample.files[row.source_file].decode("utf-8", "replace"))[row.source_line - 1]


def _payee(sample, row) -> str:
    """The payee name a sample row's record writes."""
    fields = next(csv.reader([_text(sample, row)]))
    return fields[{0: 4, 1: 4, 2: 4, 3: 1}[_layout(row)]]


def _groups(sample) -> dict[tuple[str, str], dict[str, list]]:
    """Spend by year and base and supplier, as the sample intends it: by the supplier id (or company) a row is
    linked to, else by the payee's name as a person would read it; redacted rows are not suppliers."""
    groups: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, None]))
    for row in loaded(sample):
        if row.supplier_type == "individual":
            continue
        if row.party:
            key = row.party
        else:
            name = _payee(sample, row)
            key = re.sub(r"\b(ltd|limited)\b\.?$", "", re.sub(r"[^a-z ]", "", name.lower()).strip()).split()
            key = " ".join(key[:2])
        for base in ("all", "influenceable") if row.exclusion is None else ("all",):
            group = groups[(row.fiscal_year, base)][key]
            group[0] += row.pence
            group[1] = row.ring
    return groups


def _layout(row) -> int:
    return int(row.source_file[7:11]) - 2018 - (int(row.source_file[12:14]) < 4)


def test_top_suppliers_are_the_samples_biggest(sample_run, sample):
    config, _ = sample_run
    keys = dict(query(config, "SELECT party_id, coalesce(supplier_id, party_id) FROM supplier_locations"))
    ranked = query(
        config,
        "SELECT fiscal_year, base, rank, party_id, supplier_group, spend, ring FROM mart_top_suppliers"
        " ORDER BY 1, 2, 3",
    )
    found = defaultdict(list)
    for year, base, _, party, group, spend, ring in ranked:
        found[(year, base)].append((keys.get(party, group), spend, ring))
    expected = {}
    for (year, base), groups in _groups(sample).items():
        top = sorted(groups.items(), key=lambda item: -item[1][0])[:20]
        expected[(year, base)] = [(pounds(pence), ring) for _, (pence, ring) in top]
    assert {k: [(spend, ring) for _, spend, ring in v] for k, v in found.items()} == expected
    # linked suppliers by their id; others by their name
    assert found[("2019/20", "all")][0] == ("S0002", Decimal("523987.20"), "home")
    summary = query(
        config,
        "SELECT fiscal_year, base, top_n, suppliers, home_suppliers, region_suppliers, elsewhere_suppliers,"
        " unknown_suppliers, top_spend FROM mart_top_suppliers_summary ORDER BY 1, 2",
    )
    for year, base, top_n, suppliers, *by_ring, top_spend in summary:
        rings = [ring for _, ring in expected[(year, base)]]
        assert (top_n, suppliers, by_ring) == (20, 20, [rings.count(r) for r in RINGS])
        assert top_spend == sum(spend for spend, _ in expected[(year, base)])


def test_breakdown_by_supplier_type_is_the_samples(sample_run, sample):
    config, _ = sample_run
    found = {
        (year, base, value): (payments, total, home)
        for year, base, value, payments, total, home in query(
            config,
            "SELECT fiscal_year, base, value, payments, total_spend, home_spend FROM mart_spend_breakdown"
            " WHERE dimension = 'supplier_type'",
        )
    }
    expected = defaultdict(lambda: [0, 0, 0])
    for row in loaded(sample):
        for base in ("all", "influenceable") if row.exclusion is None else ("all",):
            cell = expected[(row.fiscal_year, base, row.supplier_type)]
            cell[0] += 1
            cell[1] += row.pence
            cell[2] += row.pence if row.ring == "home" else 0
    assert found == {k: (n, pounds(total), pounds(home)) for k, (n, total, home) in expected.items()}


def test_every_dimension_adds_up_to_the_year(sample_run):
    config, result = sample_run
    assert query(config, "SELECT DISTINCT dimension FROM mart_spend_breakdown ORDER BY 1") == [
        ("department",),
        ("expense_type",),
        ("month",),
        ("sic_section",),
        ("size_band",),
        ("supplier_type",),
        ("top_n",),
    ]  # fmt: skip  (the sample's ledger has no category)
    sums = query(
        config,
        "SELECT b.fiscal_year, b.base, b.dimension, sum(b.total_spend) = any_value(y.total_spend),"
        " sum(b.payments) = any_value(y.payments) FROM mart_spend_breakdown AS b"
        " JOIN mart_local_spend_by_year AS y USING (fiscal_year, base) GROUP BY ALL",
    )
    assert len(sums) == 4 * 2 * 7 and all(total and payments for *_, total, payments in sums)
    months = query(config, "SELECT count(DISTINCT value) FROM mart_spend_breakdown WHERE dimension = 'month'")
    assert months == [(48,)]
    checks = {e.asset_check_key.name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["breakdown_adds_up"] and checks["top_suppliers_add_up"] and checks["leakage_adds_up"]


def test_leakage_names_the_local_suppliers_that_could_bid(sample_run, sample):
    config, _ = sample_run
    rows = query(
        config,
        "SELECT value, leaving_spend, local_suppliers, home_suppliers, region_suppliers, first_local_suppliers"
        " FROM mart_leakage WHERE fiscal_year = '2019/20' AND base = 'all' AND dimension = 'sic_section'",
    )
    by_section = {value: rest for value, *rest in rows}
    elsewhere = sum(r.pence for r in loaded(sample) if r.fiscal_year == "2019/20" and r.ring == "elsewhere")
    assert sum(leaving for leaving, *_ in by_section.values()) == pounds(elsewhere)
    # public administration: the one home public body the supplier file gives section O
    assert by_section["O"][1:] == [1, 1, 0, "Sample Borough Council"]
    # community interest companies of the register, in the borough: SIC 94990, section S
    assert by_section["S"][1:] == [2, 2, 0, "KESTREL COMMUNITY ASSOCIATION CIC; MOORGATE COMMUNITY ASSOCIATION CIC"]


def test_coverage_by_year_adds_up_to_all_years(sample_run):
    config, _ = sample_run
    rows = query(
        config,
        "SELECT view, method, ring, sum(spend) FILTER (WHERE fiscal_year <> 'all'),"
        " sum(spend) FILTER (WHERE fiscal_year = 'all'), sum(months) FILTER (WHERE fiscal_year = 'all')"
        " FROM mart_location_coverage GROUP BY ALL",
    )
    assert rows and all(by_year == overall and months == 48 for *_, by_year, overall, months in rows)
    assert query(config, "SELECT DISTINCT fiscal_year, months FROM mart_location_coverage ORDER BY 1") == [
        ("2018/19", 12), ("2019/20", 12), ("2020/21", 12), ("2021/22", 12), ("all", 48)
    ]  # fmt: skip
