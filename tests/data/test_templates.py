"""The templates analysts start from carry every column their register reads, and the framework template loads."""

from pathlib import Path

import pytest

from assets.intermediate.supply_chain import SUBCONTRACTS_FILE, SURVEYS_FILE
from assets.staging.living_wage_employers import LIVING_WAGE_FILE
from assets.staging.quotations import QUOTATIONS_FILE
from assets.staging.registers import column_name
from assets.staging.social_value import COMMITMENTS_FILE, CONTRACTS_FILE, RETURNS_FILE
from core.social_value import load_framework

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"


@pytest.mark.parametrize(
    "template, register",
    [
        ("living_wage_employers.csv", LIVING_WAGE_FILE),
        ("quotations.csv", QUOTATIONS_FILE),
        ("contracts.csv", CONTRACTS_FILE),
        ("commitments.csv", COMMITMENTS_FILE),
        ("returns.csv", RETURNS_FILE),
        ("supplier_surveys.csv", SURVEYS_FILE),
        ("subcontracts.csv", SUBCONTRACTS_FILE),
    ],
)
def test_each_template_has_every_column_of_its_register_and_no_other(template, register):
    header = (TEMPLATES / template).read_text().strip().split(",")
    positions = register.column_positions(template, 1, header)
    assert all(position is not None for position in positions.values())
    assert {column_name(h) for h in header} == set(register.required + register.optional)
    assert template in (TEMPLATES / "README.md").read_text()


def test_the_framework_template_lists_the_six_outcomes_and_invented_measures():
    framework = load_framework(TEMPLATES / "social_value_framework.yaml")
    assert len(framework.outcomes) == 6
    assert all(m.title.startswith("EXAMPLE") for m in framework.measures)
    assert [o.id for o in framework.outcomes] == [o.id for o in load_framework(None).outcomes]
