"""Which rule links a payee when several could, and how the analyst's decisions are read back."""

import pytest

from assets.staging.companies import basic_company_data
from pipelines.cli import main
from tests.helpers import link_payees, query

LEDGER_HEADER = b"Date,Amount,Supplier Name,Company Number\n"


def register(tmp_path, *companies: tuple[str, str, str]) -> str:
    """A Companies House file of (name, number, postcode), as the quoted path the analysis takes."""
    path = tmp_path / "companies.csv"
    path.write_bytes(
        basic_company_data([{"CompanyName": n, "CompanyNumber": c, "RegAddress.PostCode": p} for n, c, p in companies])
    )
    return f"'{path}'"


def links(config) -> list[tuple]:
    result = link_payees(config)
    assert result.success, [e.message for e in result.get_step_failure_events()]
    return query(config, "SELECT ledger_name, link_method, party_id FROM supplier_matches ORDER BY ledger_name")


def test_an_exact_company_number_beats_a_fuzzy_name(analysis, tmp_path):
    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,100.00,Acme Trading Ltd,8888888\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA,Acme Tradings Ltd,QM1 1AA\n",  # 96 by name
        companies_house=register(tmp_path, ("ACME TRADING LTD", "08888888", "Q1 1AA")),
    )
    assert links(config) == [("Acme Trading Ltd", "companies_house_number", "C08888888")]
    assert query(config, "SELECT count(*) FROM supplier_match_review") == [(0,)]  # no candidates to review


def test_a_company_found_in_the_register_is_placed_by_its_supplier_file_entry(analysis, tmp_path):
    config = analysis(
        {
            "l.csv": LEDGER_HEADER
            + b"2019-04-01,1.00,Acme Ltd,\n2019-04-01,2.00,Beta Ltd,\n2019-04-01,4.00,Zed,5555555\n"
        },
        supplier_file=b"supplier_id,supplier_name,postcode,company_number,local_site_postcode\n"
        b"A,Acme Group,QM1 1AA,01234567,Q1 1AA\n"
        b"B1,Beta Holdings,QM1 1AA,05555555,\nB2,Beta Services,Q1 1AA,5555555,\n",  # two suppliers, one number
        companies_house=register(
            tmp_path, ("ACME LIMITED", "01234567", "QM1 1AA"), ("BETA LIMITED", "05555555", "QS1 1AA")
        ),
    )
    assert links(config) == [
        ("Acme Ltd", "companies_house_name", "S2"),  # the supplier holding its number, not a new party
        ("Beta Ltd", "ambiguous_company_number", None),  # two suppliers hold the register's number
        ("Zed", "ambiguous_company_number", None),
    ]


def near_misses_of_two_suppliers(analysis, decisions: str):
    """A ledger paying 'Acme Tradin', a near miss of two suppliers' names, and the analyst's decisions about it."""
    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,1.00,Acme Tradin,\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA,Acme Trading,Q1 1AA\nB,Acme Tradings,QM1 1AA\n",
        supplier_matching="{decisions: decisions.csv}",
    )
    (config.parent / "decisions.csv").write_text("ledger_name,supplier_id,supplier_name,decision\n" + decisions)
    return config


def test_a_name_accepted_for_two_suppliers_is_an_error_naming_both_lines(analysis):
    config = near_misses_of_two_suppliers(
        analysis, "Acme Tradin,A,Acme Trading,accept\nAcme Tradin,B,Acme Tradings,accept\n"
    )
    result = link_payees(config)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "decisions.csv, lines 2, 3: 'Acme Tradin' is accepted for 2 different suppliers" in str(
        failure.event_specific_data.error
    )


def test_other_candidates_of_a_linked_name_are_superseded_not_pending(analysis):
    config = near_misses_of_two_suppliers(analysis, "Acme Tradin,A,Acme Trading,accept\n")
    assert links(config) == [("Acme Tradin", "reviewed", "S2")]
    assert query(config, "SELECT supplier_id, status FROM supplier_match_review ORDER BY 1") == [
        ("A", "accepted"),
        ("B", "superseded"),
    ]


def test_suppliers_without_ids_are_decided_by_line_and_the_analysts_columns_and_encoding_survive(analysis, capsys):
    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,1.00,Betta,\n"},
        supplier_file=b"supplier_name,postcode\nBeta Ltd,Q1 1AA\nBeta Limited,QM1 1AA\n",  # one name, two firms
        supplier_matching="{review_score: 60, decisions: decisions.csv}",
    )
    decisions = config.parent / "decisions.csv"
    decisions.write_bytes("ledger_name,supplier_name,decision,note\nCafé Nero,Beta Ltd,,vu\n".encode("cp1252"))
    assert links(config) == [("Betta", "unmatched", None)]
    assert main(["review", "--config", str(config)]) == 0
    assert "2 new candidate match(es)" in capsys.readouterr().out
    lines = decisions.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [
        "ledger_name,supplier_name,decision,note,supplier_id,supplier_line,score,payments,spend",
        "Café Nero,Beta Ltd,,vu,,,,,",  # the analyst's row and column, as they were
    ]
    assert [line.split(",")[:6] for line in lines[2:]] == [
        ["Betta", "Beta Ltd", "", "", "", "2"],
        ["Betta", "Beta Limited", "", "", "", "3"],
    ]
    decisions.write_text("\n".join([*lines[:3], lines[3].replace("Beta Limited,,", "Beta Limited,accept,")]) + "\n")
    assert links(config) == [("Betta", "reviewed", "S3")]


@pytest.mark.parametrize(
    "decision, error",
    [
        ("Acme Tradin,B,Acme Trading,accept", "names supplier 'Acme Trading', but that supplier is 'Acme Tradings'"),
        ("Acme Tradin,,Acme,accept", "names no single supplier of the supplier file"),
    ],
)
def test_a_decision_pointing_at_the_wrong_supplier_is_an_error(analysis, decision, error):
    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,1.00,Acme Tradin,\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA,Acme Trading,Q1 1AA\nB,Acme Tradings,QM1 1AA\n",
        supplier_matching="{decisions: decisions.csv}",
    )
    (config.parent / "decisions.csv").write_text(f"ledger_name,supplier_id,supplier_name,decision\n{decision}\n")
    result = link_payees(config)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert f"decisions.csv, line 2: the decision for 'Acme Tradin' {error}" in str(failure.event_specific_data.error)


def test_fuzzy_scores_are_not_rounded_up_to_the_accept_score(analysis):
    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,1.00,Northern Steal Work,\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA,Northern Steel Work,Q1 1AA\n",
    )
    assert links(config) == [("Northern Steal Work", "unmatched", None)]
    assert query(config, "SELECT score, status FROM supplier_match_review") == [(94.74, "pending")]


def test_names_already_scored_against_the_same_suppliers_are_not_scored_again(analysis, monkeypatch):
    from assets.intermediate import supplier_matching

    config = analysis(
        {"l.csv": LEDGER_HEADER + b"2019-04-01,1.00,Northern Steal Work,\n"},
        supplier_file=b"supplier_id,supplier_name,postcode\nA,Northern Steel Work,Q1 1AA\n",
    )
    scored, score = [], supplier_matching.fuzzy_candidates

    def recording(names, *args):
        scored.append(names)
        return score(names, *args)

    monkeypatch.setattr(supplier_matching, "fuzzy_candidates", recording)
    review = "SELECT ledger_name, supplier_name, score, status FROM supplier_match_review ORDER BY 1"
    links(config)
    (config.parent / "ledger" / "m.csv").write_bytes(LEDGER_HEADER + b"2019-05-01,1.00,Northern Steel Wrks,\n")
    links(config)
    assert [len(names) for names in scored] == [1, 1]  # the new month's new name only
    assert query(config, review) == [
        ("Northern Steal Work", "Northern Steel Work", 94.74, "pending"),
        ("Northern Steel Wrks", "Northern Steel Work", 94.74, "pending"),
    ]
    (config.parent / "suppliers.csv").write_bytes(b"supplier_id,supplier_name,postcode\nA,Northern Steel Ltd,Q1 1AA\n")
    links(config)
    assert [len(names) for names in scored] == [1, 1, 2]  # other suppliers: every name scored again
