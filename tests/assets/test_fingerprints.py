"""A step redoes its work when its rules change, and only then: not for a comment or a docstring."""

import dataclasses
import shutil

import pytest

from assets import fingerprints
from assets.fingerprints import STEPS, code_fingerprint, code_rules, sql_rules
from tests.assets.staging.test_incremental import APRIL, MAY
from tests.helpers import parsed_this_run, run_analysis


@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_steps_recorded_code_is_its_code(step):
    rules = STEPS[step]
    assert code_fingerprint(step) == rules.code, (
        f"the code of {step}'s rules changed ({', '.join(rules.modules)}): if the tables it builds may differ, bump "
        f"its version in assets/fingerprints.py; either way, record code={code_fingerprint(step)!r} there"
    )


def test_comments_and_docstrings_are_not_rules():
    code = 'def f(x):\n    """Why."""\n    return x + 1  # add one\n'
    assert code_rules(code) == code_rules('def f(x):\n    """Why, said better."""\n    return x + 1\n')
    assert code_rules(code) != code_rules('def f(x):\n    """Why."""\n    return x + 2\n')
    sql = "-- the rows\nSELECT a\n    FROM t  \n"
    assert sql_rules(sql) == sql_rules("-- every row, said better\n\nSELECT a\nFROM t\n")
    assert sql_rules(sql) != sql_rules("SELECT b\nFROM t\n")


def test_a_comment_edit_parses_nothing_again_and_a_rule_change_parses_everything(analysis, tmp_path, monkeypatch):
    config = analysis({"2019-04.csv": APRIL, "2019-05.csv": MAY})
    assert parsed_this_run(run_analysis(config)) == 2
    rules_dir = tmp_path / "rules"
    shutil.copytree(fingerprints.ASSETS_DIR, rules_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(fingerprints, "ASSETS_DIR", rules_dir)
    ledger_rows = rules_dir / "staging" / "ledger_rows.sql"
    ledger_rows.write_text("-- a comment, said better\n" + ledger_rows.read_text())
    assert parsed_this_run(run_analysis(config)) == 0

    macros = tmp_path / "macros.sql"
    macros.write_text(fingerprints.MACROS.read_text().replace("'1990-01-01'", "'1980-01-01'"))
    monkeypatch.setattr(fingerprints, "MACROS", macros)  # a parsing rule changes (plausible dates)
    assert parsed_this_run(run_analysis(config)) == 2
    assert parsed_this_run(run_analysis(config)) == 0

    bumped = dataclasses.replace(STEPS["ledger"], version=STEPS["ledger"].version + 1)
    monkeypatch.setitem(STEPS, "ledger", bumped)  # a rule written in Python changes
    assert parsed_this_run(run_analysis(config)) == 2
