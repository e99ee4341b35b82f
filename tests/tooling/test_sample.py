from core.registry import SAMPLE_REGISTRY
from tests.helpers import SAMPLE_DIR
from tooling.neighbours import build_neighbours, national_files
from tooling.sample import build_sample


def test_committed_sample_is_exactly_what_the_generator_writes():
    sample = build_sample()
    committed = {
        p.relative_to(SAMPLE_DIR).as_posix(): p.read_bytes()
        for p in SAMPLE_DIR.rglob("*")
        if p.is_file() and "out" not in p.relative_to(SAMPLE_DIR).parts
    }
    assert set(committed) == set(sample.files)
    for name, content in sample.files.items():
        assert committed[name] == content, f"data/sample/{name} differs from the generator: run `make sample`"


def test_sample_is_labelled_synthetic_and_has_several_years_of_mess():
    sample = build_sample()
    assert b"SYNTHETIC" in sample.files["README.md"]
    assert b"SYNTHETIC" in sample.files["analysis.yaml"]
    assert sorted(sample.expected_by_year()) == ["2018/19", "2019/20", "2020/21", "2021/22"]
    assert 3000 < len(sample.expected_rows) < 5000
    assert sum(not row.loaded for row in sample.expected_rows) == 20
    assert sample.files["ledger/2019-11.csv"].count(b"\xa3") > 50  # Windows-1252 pound signs
    assert sample.files["ledger/2018-04.csv"].startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark


def test_committed_neighbours_are_exactly_what_the_generator_writes():
    folder = SAMPLE_REGISTRY.parent
    committed = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "out" not in p.relative_to(folder).parts
    }
    expected = national_files()
    assert set(committed) == set(expected)
    for name, content in expected.items():
        assert committed[name] == content, f"data/national/{name} differs from the generator: run `make sample`"


def test_neighbours_are_synthetic_with_a_partial_year_and_a_quarantined_row_a_file():
    neighbours = build_neighbours()
    assert list(neighbours) == ["barnsley", "doncaster"]
    for council in neighbours.values():
        assert b"SYNTHETIC" in council.files["analysis.yaml"]
        assert sorted(council.expected_by_year()) == ["2019/20", "2020/21", "2021/22"]
        assert sum(not row.loaded for row in council.expected_rows) == 3
        files = sorted({row.source_file for row in council.expected_rows})
        assert files == ["ledger/2019-20.csv", "ledger/2020-21.csv", "ledger/2021-22.csv"]
    last = max(row.fiscal_year for row in neighbours["doncaster"].expected_rows if row.loaded)
    assert last == "2021/22" and b"2021-12-" in neighbours["doncaster"].files["ledger/2021-22.csv"]
    assert b"2022-01-" not in neighbours["doncaster"].files["ledger/2021-22.csv"]
    assert b"2022-03-" in neighbours["barnsley"].files["ledger/2021-22.csv"]
