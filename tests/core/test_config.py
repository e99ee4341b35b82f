import datetime

import pytest

from core.config import ConfigError, load_config
from tests.helpers import SAMPLE_DIR


def test_sample_config_resolves_paths_relative_to_the_file():
    config = load_config(SAMPLE_DIR / "analysis.yaml")
    assert config.home_lad_codes == ["E08000018"]
    assert config.warehouse_path == (SAMPLE_DIR / "out" / "spend.duckdb").resolve()
    assert len(config.ledger_files) == 48
    assert config.ledger_files[0].name == "2018-04.csv"
    assert [p.name for p in config.postcode_directory_paths] == ["codepo_gb_2025-10", "codepo_gb_2018-07"]
    assert config.stated_targets == [
        ("home_share", "all", "2020/21", "share", 0.42),
        ("home_share", "all", "2021/22", "share", 0.45),
        ("home_and_region_share", "influenceable", "2021/22", "points", 4.0),
    ]
    assert config.closes_on("2019/20") == datetime.date(2020, 6, 30)
    assert [rule.name for rule in config.influenceable.exclude] == ["public bodies", "precepts and levies",
                                                                     "tax and pensions"]  # fmt: skip
    assert config.influenceable.describe() == (
        "all payments except: public bodies (supplier_type = public_body); precepts and levies "
        "(expense_type ~ '(?i)precept|levy'); tax and pensions (supplier_name ~ '(?i)hmrc|revenue and customs|pension "
        "fund')"
    )
    assert config.top_suppliers == 20


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"colour": "blue"}, "colour: unknown key"),
        ({"home_lad_codes": "[E0800018]"}, "home_lad_codes: 'E0800018' is not a GSS LAD code"),
        ({"region_lad_codes": "[X08000019]"}, "region_lad_codes: 'X08000019' is not a GSS LAD code"),
        ({"baseline_year": '"2019/21"'}, "baseline_year: '2019/21' is not a financial year"),
        ({"targets": '{"2020/21": 22}'}, "targets.0.shares: 2020/21: 22.0 is not a share"),
        (
            {"targets": "[{shares: {'2018/19': 0.3, '2021/22': 0.5}}]"},
            "targets.0 (home_share on the all base): ['2018/19'] before the baseline year 2019/20",
        ),
        (
            {"targets": "[{base: everything, shares: {'2020/21': 0.5}}]"},
            "targets.0.base: 'everything' is not a base; the bases are ['all', 'influenceable']",
        ),
        ({"targets": "[{measure: jobs, shares: {'2020/21': 0.5}}]"}, "targets.0.measure: 'jobs' is not"),
        ({"targets": "[{shares: {'2020/21': 0.5}, colour: red}]"}, "targets.0.colour: unknown key; known keys are"),
        (
            {"targets": "[{shares: {'2020/21': 0.5}, points_over_baseline: {'2020/21': 2}}]"},
            "['2020/21']: a year's target is a share or points over the baseline, not both",
        ),
        ({"targets": "[{base: all}]"}, "no target: give `shares` or `points_over_baseline`"),
        ({"targets": "[{points_over_baseline: {'2020/21': 150}}]"}, "150.0 is not a number of percentage points"),
        (
            {"targets": "[{shares: {'2020/21': 0.5}}, {measure: home_share, shares: {'2021/22': 0.6}}]"},
            "targets.1 (home_share on the all base): a second series for the same measure and base",
        ),
        ({"years_close_on": "'13-01'"}, "years_close_on: '13-01' is not a day written MM-DD"),
        ({"years_close_on": "'02-15'"}, "'02-15' falls before the year ends on 31 March"),
        ({"ledger": "[nowhere/*.csv]"}, "ledger: no file matches 'nowhere/*.csv'"),
        ({"suppliers": "missing.csv"}, "suppliers: 'missing.csv' does not exist"),
        ({"postcode_directories": "[nope.zip]"}, "postcode_directories: 'nope.zip' does not exist"),
        ({"ledger_columns": "{cost: [Cost]}"}, "unknown ledger field(s) ['cost']"),
        ({"landing": "inbox"}, "landing: 'inbox' is not a folder"),
        ({"ledger": None}, "ledger: give ledger globs, a landing folder, or both"),
        ({"council_name": None}, "council_name: Field required"),
        (
            {"influenceable": '{exclude: [{name: levies, expense_type: "(?i)levy("}]}'},
            "influenceable.exclude.0: rule 'levies': expense_type '(?i)levy(' is not a regular expression",
        ),
        (
            {"influenceable": "{exclude: [{name: grants, purpose: grant}]}"},
            "rule 'grants': unknown field(s) ['purpose']; a rule has a name and one or more of",
        ),
        (
            {"influenceable": "{exclude: [{name: charities, supplier_type: charity}]}"},
            "rule 'charities': supplier_type 'charity' is not one of ['individual', 'public_body', 'vcse', 'sme'",
        ),
        ({"influenceable": "{exclude: [{name: everything}]}"}, "rule 'everything' matches nothing"),
        ({"influenceable": "{exclude: [{supplier_name: x}]}"}, "has no name"),
        (
            {"influenceable": "{exclude: [{name: a, department: x}, {name: a, department: y}]}"},
            "rule name(s) ['a'] used twice",
        ),
        ({"influenceable": "{include: []}"}, "influenceable.include: unknown key; known keys are ['exclude']"),
        ({"top_suppliers": "0"}, "top_suppliers: Input should be greater than or equal to 1"),
        ({"supplier_type_patterns": "types.csv"}, "supplier_type_patterns: 'types.csv' does not exist"),
        ({"living_wage": "gone.csv"}, "living_wage: 'gone.csv' does not exist"),
        ({"quotations": "gone.csv"}, "quotations: 'gone.csv' does not exist"),
        ({"social_value": "{contracts: gone.csv}"}, "social_value.contracts: 'gone.csv' does not exist"),
        ({"social_value": "{threshold: 1}"}, "social_value.contracts: Field required"),
        (
            {"social_value": "{contracts: ledger/a.csv, returns: [returns/*.csv]}"},
            "social_value.returns: no file matches 'returns/*.csv'",
        ),
        ({"social_value": "{contracts: ledger/a.csv, return_due_days: -1}"}, "greater than or equal to 0"),
        ({"supply_chain": "{surveys: gone.csv}"}, "supply_chain.surveys: 'gone.csv' does not exist"),
        (
            {"supply_chain": "{non_respondents: guess}"},
            "'exclude', 'category_average' or 'overall_average'",
        ),
    ],
)
def test_a_wrong_analysis_file_is_a_clear_error_naming_file_and_key(analysis, override, message):
    config = analysis({"a.csv": b"Date,Amount,Supplier Name\n"}, **override)
    with pytest.raises(ConfigError) as error:
        load_config(config)
    assert str(config) in str(error.value)
    assert message in str(error.value)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="analysis file not found"):
        load_config(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("council_name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    bad.write_text("- a list\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(bad)
