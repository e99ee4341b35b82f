"""The postcode directory readers: Code-Point Open (folder, zip, both real vintages), ONSPD / NSPL (CSV and the
zip ONS ships), with vintages and district names."""

import shutil
import zipfile

import duckdb
import pytest
from dagster import Failure

from assets.staging.postcode_directory import codepoint_area_files, postcode_directories, read_directory
from tests.helpers import SAMPLE_DIR, materialize_published, shared_path


def load_directories(analysis, tmp_path, directories: list[str]) -> duckdb.DuckDBPyConnection:
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n"}, postcode_directories="[" + ", ".join(directories) + "]"
    )
    warehouse = tmp_path / "directory.duckdb"
    result = materialize_published([postcode_directories], config, warehouse)
    assert result.success
    return duckdb.connect(str(warehouse), read_only=True)


def test_zip_and_folder_read_alike_and_the_first_listed_vintage_wins(analysis, tmp_path):
    folder = SAMPLE_DIR / "postcodes" / "codepo_gb_2025-10"
    zipped = shutil.make_archive(str(tmp_path / "codepo_gb_2025-10"), "zip", folder.parent, folder.name)
    older = SAMPLE_DIR / "postcodes" / "codepo_gb_2018-07"
    with load_directories(analysis, tmp_path, [zipped, str(older)]) as con:
        by_source = dict(con.execute("SELECT source, count(*) FROM postcode_directory GROUP BY 1").fetchall())
        only_2018 = con.execute(
            "SELECT count(*) FROM postcode_directory WHERE source = 'codepo_gb_2018-07'"
        ).fetchone()[0]
        sheffield_codes = con.execute(
            "SELECT DISTINCT lad_code FROM postcode_directory WHERE postcode_key LIKE 'QS%' ORDER BY 1"
        ).fetchall()
    newest = sum(1 for line in (folder / "Data" / "CSV").glob("*.csv") for _ in line.open())
    assert by_source["codepo_gb_2025-10.zip"] == newest
    assert only_2018 == 1  # the terminated postcode, present in the older vintage only
    assert sheffield_codes == [("E08000039",)]  # the 2025 code wins where both vintages hold a postcode


def test_not_a_codepoint_product_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(Failure, match="not Code-Point Open as OS ships it"):
        codepoint_area_files(tmp_path / "empty", tmp_path)
    (tmp_path / "file.csv").write_text("x")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(Failure, match="must be a Code-Point Open zip or its unzipped folder"):
        read_directory(tmp_path / "file.txt", tmp_path, 0)


def test_both_real_codepoint_vintages(analysis, tmp_path):
    newer = shared_path("reference/codepoint-open/codepo_gb_2025-10.zip")
    older = shared_path("reference/codepoint-open/codepo_gb_2018-07.zip")
    with load_directories(analysis, tmp_path, [str(newer), str(older)]) as con:
        by_source = dict(
            con.execute("SELECT source || ' ' || vintage, count(*) FROM postcode_directory GROUP BY 1").fetchall()
        )
        sheffield = con.execute(
            "SELECT postcode, lad_code, source, vintage FROM postcode_directory WHERE postcode_key = 'S11AA'"
        ).fetchone()
        rotherham = con.execute(
            "SELECT count(*) FROM postcode_directory WHERE lad_code = 'E08000018' AND postcode_key LIKE 'S60%'"
        ).fetchone()[0]
        names = dict(
            con.execute(
                "SELECT lad_code, lad_name FROM lad_names"
                " WHERE lad_code IN ('E08000018', 'E08000019', 'E08000039', 'E06000060', 'E07000004')"
            ).fetchall()
        )
    assert by_source["codepo_gb_2025-10.zip 2025-10"] == 1_745_849  # every live postcode of October 2025
    assert by_source["codepo_gb_2018-07.zip 2018-07"] > 0  # postcodes terminated since 2018 still resolve
    assert sheffield == ("S1 1AA", "E08000039", "codepo_gb_2025-10.zip", "2025-10")
    assert rotherham > 1000
    # names from each vintage's Doc/Codelist.xlsx, the newest first; a code only the older one knows keeps its name
    assert names == {
        "E08000018": "Rotherham",
        "E08000019": "Sheffield",
        "E08000039": "Sheffield",
        "E06000060": "Buckinghamshire",
        "E07000004": "Aylesbury Vale",
    }


def test_real_vintage_alone_keeps_its_own_spelling_and_codes(analysis, tmp_path):
    older = shared_path("reference/codepoint-open/codepo_gb_2018-07.zip")
    with load_directories(analysis, tmp_path, [str(older)]) as con:
        assert con.execute(
            "SELECT postcode, lad_code FROM postcode_directory WHERE postcode_key = 'S11AA'"
        ).fetchone() == ("S1  1AA", "E08000019")


def test_real_onspd_layout_with_terminated_postcodes(analysis, tmp_path):
    onspd = shared_path("reference/onspd-format/onspd_sample_AB1.csv")
    with load_directories(analysis, tmp_path, [str(onspd)]) as con:
        total, terminated, without_lad = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE terminated), count(*) FILTER (WHERE lad_code IS NULL)"
            " FROM postcode_directory"
        ).fetchone()
        first = con.execute(
            "SELECT postcode, lad_code, easting, northing, doterm, terminated, source"
            " FROM postcode_directory WHERE postcode_key = 'AB10AA'"
        ).fetchone()
    with onspd.open() as handle:
        assert total == sum(1 for _ in handle) - 1  # every postcode of the file, once
    assert (terminated, without_lad) == (3811, 2)  # two carry no district: empty, or the pseudo-code L99999999
    assert first == ("AB1 0AA", "S12000033", 385386, 801193, "199606", True, "onspd_sample_AB1.csv")


def test_onspd_and_codepoint_together_first_listed_wins(analysis, tmp_path):
    onspd = tmp_path / "nspl [2019].csv"  # a name DuckDB would take for a glob
    onspd.write_text(
        "pcd,pcd2,pcds,dointr,doterm,laua,oseast1m,osnrth1m,ctry\n"
        "Q1  1AA,Q1  1AA,Q1 1AA,201001,,E08000019,1,2,E92000001\n"  # Code-Point (listed first) says E08000018
        "QN1 1AA,QN1  1AA,QN1 1AA,199001,201512,E08000018,3,4,E92000001\n"  # terminated: still resolves
    )
    with load_directories(analysis, tmp_path, ["codepoint", f"'{onspd}'"]) as con:
        rows = con.execute(
            "SELECT postcode_key, lad_code, terminated, source FROM postcode_directory"
            " WHERE postcode_key IN ('Q11AA', 'QN11AA') ORDER BY 1"
        ).fetchall()
    assert rows == [("Q11AA", "E08000018", False, "codepoint"), ("QN11AA", "E08000018", True, "nspl [2019].csv")]


def test_a_csv_that_is_not_onspd_is_a_clear_error(tmp_path):
    from assets.staging.postcode_directory import onspd_select

    bad = tmp_path / "x.csv"
    bad.write_text("postcode,district\nQ1 1AA,E08000018\n")
    with pytest.raises(Failure, match=r"x.csv, line 1: not an ONSPD / NSPL file"):
        onspd_select(bad, tmp_path / "copy.csv", 0, "x.csv")


def test_ons_zip_as_ons_ships_it_with_district_names(analysis, tmp_path):
    onspd = shared_path("reference/onspd-format/onspd_sample_AB1.csv")
    shipped = tmp_path / "ONSPD_NOV_2025.zip"
    with zipfile.ZipFile(shipped, "w") as archive:
        archive.write(onspd, "Data/ONSPD_NOV_2025_UK.csv")
        archive.write(onspd, "Data/multi_csv/ONSPD_NOV_2025_UK_AB.csv")  # the same rows split by area: not read
        archive.writestr("Documents/LA_UA names and codes UK as at 04_25.csv", "LAD25CD,LAD25NM,LAD25NMW\n"
                         "S12000033,Aberdeen City,\nS12000034,Aberdeenshire,\n")  # fmt: skip
    with load_directories(analysis, tmp_path, [str(shipped)]) as con:
        total, sources = con.execute(
            "SELECT count(*), list(DISTINCT source || ' ' || vintage) FROM postcode_directory"
        ).fetchone()
        names = con.execute(
            "SELECT lad_code, lad_name FROM lad_names WHERE lad_code IN ('S12000033', 'S12000034') ORDER BY 1"
        ).fetchall()
    with onspd.open() as handle:
        assert total == sum(1 for _ in handle) - 1
    latest = max(  # an ONS directory is as new as the last postcode it introduced or terminated
        v for line in onspd.read_text().splitlines()[1:] for v in line.split(",")[3:5] if v
    )
    assert sources == [f"ONSPD_NOV_2025.zip {latest[:4]}-{latest[4:]}"]
    assert names == [("S12000033", "Aberdeen City"), ("S12000034", "Aberdeenshire")]


def test_code_point_vintages_must_be_listed_newest_first(tmp_path):
    from assets.staging.postcode_directory import Directory, _check_newest_first

    paths = [tmp_path / "codepo_gb_2018-07.zip", tmp_path / "onspd.csv", tmp_path / "codepo_gb_2025-10.zip"]
    older, ons, newer = (Directory("", live_only=True, vintage="2018-07"), Directory(""),
                         Directory("", live_only=True, vintage="2025-10"))  # fmt: skip
    _check_newest_first(paths[::-1], [newer, ons, older])
    with pytest.raises(Failure, match=r"codepo_gb_2018-07.zip \(2018-07\) is listed before codepo_gb_2025-10.zip"):
        _check_newest_first(paths, [older, ons, newer])


def test_directories_are_loaded_again_only_when_something_they_are_built_from_changes(analysis, tmp_path):
    config = analysis({"l.csv": b"Date,Amount,Supplier Name\n"})

    def reloaded() -> bool:
        result = materialize_published([postcode_directories], config, tmp_path / "directory.duckdb")
        return result.asset_materializations_for_node("postcode_directories")[0].metadata["reloaded"].value

    assert reloaded() is True
    assert reloaded() is False  # nothing changed: the tables are kept
    area = config.parent / "codepoint" / "Data" / "CSV" / "q.csv"
    area.write_text(area.read_text().replace("E08000003", "E08000035"))  # a correction in the directory
    assert reloaded() is True
    with duckdb.connect(str(tmp_path / "directory.duckdb"), read_only=True) as con:
        assert con.execute("SELECT lad_code FROM postcode_directory WHERE postcode_key = 'QM11AA'").fetchall() == [
            ("E08000035",)
        ]


def test_an_analysis_reads_directories_another_one_read_from_the_machines_cache(analysis, tmp_path, monkeypatch):
    monkeypatch.setenv("SPEND_CACHE", str(tmp_path / "cache"))
    config = analysis({"l.csv": b"Date,Amount,Supplier Name\n"})

    def load(warehouse: str) -> tuple[bool, list[tuple]]:
        result = materialize_published([postcode_directories], config, tmp_path / warehouse)
        metadata = result.asset_materializations_for_node("postcode_directories")[0].metadata
        with duckdb.connect(str(tmp_path / warehouse), read_only=True) as con:
            tables = con.execute("FROM postcode_directory ORDER BY ALL").fetchall()
            tables += con.execute("FROM lad_names ORDER BY ALL").fetchall()
        return metadata["from the cache"].value, tables

    first_from_cache, first = load("first.duckdb")
    assert not first_from_cache and len(list((tmp_path / "cache").rglob("*.parquet"))) == 2
    assert load("second.duckdb") == (True, first)  # another warehouse: read from the cache, the same tables
    damaged = next((tmp_path / "cache" / "lad_names").glob("*.parquet"))
    damaged.write_bytes(damaged.read_bytes()[:-20])  # cut short on disk: read again from the directories
    assert load("damaged.duckdb") == (False, first) and load("repaired.duckdb") == (True, first)

    area = config.parent / "codepoint" / "Data" / "CSV" / "q.csv"
    area.write_text(area.read_text().replace("E08000003", "E08000035"))  # another directory: read, cached too
    assert load("third.duckdb")[0] is False and len(list((tmp_path / "cache").rglob("*.parquet"))) == 4

    monkeypatch.setenv("SPEND_CACHE", str(config))  # a file: the cache cannot be written, the run goes on
    from_cache, tables = load("fourth.duckdb")
    assert not from_cache and ("QM11AA", "QM1 1AA", "E08000035") in [row[:3] for row in tables]


def test_what_the_directory_suite_found_is_kept_on_the_machine_for_the_next_analysis(analysis, tmp_path, monkeypatch):
    from assets.expectation_suites import read_suite, validate_table

    monkeypatch.setenv("SPEND_CACHE", str(tmp_path / "cache"))
    config = analysis({"l.csv": b"Date,Amount,Supplier Name\n"})
    suite = read_suite("postcode_directory")
    validated = []
    for warehouse in ("first.duckdb", "second.duckdb"):
        materialize_published([postcode_directories], config, tmp_path / warehouse)
        with duckdb.connect(str(tmp_path / warehouse)) as con:
            validated.append(validate_table(con, "postcode_directory", suite))
    first, second = validated
    assert first.rows == second.rows == 3 and first.failures == second.failures == []
    assert (first.rows_validated, second.rows_validated) == (3, 0)  # the second analysis: found on the machine
