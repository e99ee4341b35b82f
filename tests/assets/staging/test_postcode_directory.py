"""The Code-Point Open reader: the synthetic sample as a folder and as a zip, and both real vintages."""

import shutil

import duckdb
import pytest
from dagster import Failure, materialize
from dagster_duckdb import DuckDBResource

from assets.staging.postcode_directory import codepoint_area_files, postcode_directory
from pipelines.resources import SpendAnalysis
from tests.conftest import SAMPLE_DIR, shared_path


def load_directories(analysis, tmp_path, directories: list[str]) -> duckdb.DuckDBPyConnection:
    config = analysis(
        {"l.csv": b"Date,Amount,Supplier Name\n"}, postcode_directories="[" + ", ".join(directories) + "]"
    )
    warehouse = tmp_path / "directory.duckdb"
    result = materialize(
        [postcode_directory],
        resources={
            "analysis": SpendAnalysis(config_path=str(config)),
            "duckdb": DuckDBResource(database=str(warehouse)),
        },
    )
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
    assert by_source["codepo_gb_2025-10"] == newest
    assert only_2018 == 1  # the terminated postcode, present in the older vintage only
    assert sheffield_codes == [("E08000039",)]  # the 2025 code wins where both vintages hold a postcode


def test_not_a_codepoint_product_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(Failure, match="not Code-Point Open as OS ships it"):
        codepoint_area_files(tmp_path / "empty", tmp_path)
    (tmp_path / "file.csv").write_text("x")
    with pytest.raises(Failure, match="must be a Code-Point Open zip or its unzipped folder"):
        codepoint_area_files(tmp_path / "file.csv", tmp_path)


def test_both_real_codepoint_vintages(analysis, tmp_path):
    newer = shared_path("reference/codepoint-open/codepo_gb_2025-10.zip")
    older = shared_path("reference/codepoint-open/codepo_gb_2018-07.zip")
    with load_directories(analysis, tmp_path, [str(newer), str(older)]) as con:
        by_source = dict(con.execute("SELECT source, count(*) FROM postcode_directory GROUP BY 1").fetchall())
        sheffield = con.execute(
            "SELECT postcode, lad_code, source FROM postcode_directory WHERE postcode_key = 'S11AA'"
        ).fetchone()
        rotherham = con.execute(
            "SELECT count(*) FROM postcode_directory WHERE lad_code = 'E08000018' AND postcode_key LIKE 'S60%'"
        ).fetchone()[0]
    assert by_source["codepo_gb_2025-10"] == 1_745_849  # every live postcode of October 2025
    assert by_source["codepo_gb_2018-07"] > 0  # postcodes terminated since 2018 still resolve
    assert sheffield == ("S1 1AA", "E08000039", "codepo_gb_2025-10")
    assert rotherham > 1000


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
    assert first == ("AB1 0AA", "S12000033", 385386, 801193, "199606", True, "onspd_sample_AB1")


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
    assert rows == [("Q11AA", "E08000018", False, "codepoint"), ("QN11AA", "E08000018", True, "nspl [2019]")]


def test_a_csv_that_is_not_onspd_is_a_clear_error(tmp_path):
    from assets.staging.postcode_directory import onspd_select

    bad = tmp_path / "x.csv"
    bad.write_text("postcode,district\nQ1 1AA,E08000018\n")
    with pytest.raises(Failure, match=r"x.csv, line 1: not an ONSPD / NSPL file"):
        onspd_select(bad, tmp_path / "copy.csv", 0)
