"""Places across LAD code vintages: a configuration in old or new codes classifies alike."""

import pytest

from core.config import LAD_CODE_CHANGES, ConfigError
from core.places import expand_place, read_code_changes

CHANGES = read_code_changes(LAD_CODE_CHANGES)
SOUTH_YORKSHIRE_2019 = ["E08000016", "E08000017", "E08000018", "E08000019"]
SOUTH_YORKSHIRE_2023 = ["E08000038", "E08000017", "E08000018", "E08000039"]


def test_old_and_new_codes_give_the_same_place():
    old, new = expand_place(SOUTH_YORKSHIRE_2019, CHANGES), expand_place(SOUTH_YORKSHIRE_2023, CHANGES)
    assert old == new
    assert old.codes == ("E08000016", "E08000017", "E08000018", "E08000019", "E08000038", "E08000039")
    assert old.notes == ()


def test_a_merged_district_joins_only_when_all_its_predecessors_are_in_the_place():
    whole = expand_place(["E07000004", "E07000005", "E07000006", "E07000007"], CHANGES)  # all of Buckinghamshire
    assert "E06000060" in whole.codes and whole.notes == ()
    assert set(expand_place(["E06000060"], CHANGES).codes) == set(whole.codes)  # the new code covers the old four
    part = expand_place(["E07000004"], CHANGES)  # Aylesbury Vale alone
    assert part.codes == ("E07000004",)
    assert part.notes == (
        "E07000004 (Aylesbury Vale) merged into E06000060 (Buckinghamshire) with E07000005 (Chiltern), "
        "E07000006 (South Bucks), E07000007 (Wycombe), which the place does not include: postcodes a directory "
        "gives to E06000060 are counted outside it",
    )


def test_chains_of_changes_close_transitively():
    # Taunton Deane + West Somerset -> Somerset West and Taunton (2019) -> Somerset (2023, with three others)
    somerset = expand_place(["E06000066"], CHANGES)
    assert {"E07000190", "E07000191", "E07000246", "E07000187"} <= set(somerset.codes)


def test_a_bad_changes_file_names_its_line(tmp_path):
    bad = tmp_path / "changes.csv"
    bad.write_text("old_code,old_name,new_code,new_name\nE08000019,Sheffield,E0800039,Sheffield\n")
    with pytest.raises(ConfigError, match=r"changes.csv, line 2: 'E0800039' is not a GSS LAD code"):
        read_code_changes(bad)
    bad.write_text("old,new\n")
    with pytest.raises(ConfigError, match=r"line 1: LAD code changes file has no column old_code"):
        read_code_changes(bad)
