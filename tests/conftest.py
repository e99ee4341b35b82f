"""Fixtures: the sample run once per session, and a scratch analysis builder (helpers are in tests/helpers.py)."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import POSTCODES, SAMPLE_DIR, run_analysis


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory) -> Path:
    """The committed sample copied to a scratch folder (its warehouse is written there)."""
    target = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE_DIR, target, ignore=shutil.ignore_patterns("out"))
    return target / "analysis.yaml"


@pytest.fixture(scope="session")
def sample_run(sample_copy):
    result = run_analysis(sample_copy)
    return sample_copy, result


@pytest.fixture
def analysis(tmp_path):
    """Write a small analysis folder: ledger files, supplier file and a postcode directory holding POSTCODES.

    Keyword arguments override keys of the analysis file; None removes a key."""

    def make(ledger_files: dict[str, bytes], supplier_file: bytes | None = None, **overrides) -> Path:
        (tmp_path / "ledger").mkdir(exist_ok=True)  # ledger_files may be empty (a landing-only analysis)
        for name, content in ledger_files.items():
            (tmp_path / "ledger" / name).write_bytes(content)
        (tmp_path / "suppliers.csv").write_bytes(supplier_file or b"supplier_id,supplier_name,postcode\n")
        directory = tmp_path / "codepoint" / "Data" / "CSV"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "q.csv").write_text("\n".join(f'"{pc}",10,440000,390000,"E92000001","","","","{lad}",""'
                                                   for pc, lad in POSTCODES.items()) + "\n")  # fmt: skip
        lines = {
            "council_name": "Test Council",
            "home_lad_codes": "[E08000018]",
            "region_name": "Test Region",
            "region_lad_codes": "[E08000019, E08000039]",
            "ledger": "[ledger/*.csv]",
            "suppliers": "suppliers.csv",
            "postcode_directories": "[codepoint]",
            "baseline_year": '"2019/20"',
            "warehouse": "out/test.duckdb",
            **overrides,
        }
        config = tmp_path / "analysis.yaml"
        config.write_text("".join(f"{k}: {v}\n" for k, v in lines.items() if v is not None))
        return config

    return make
