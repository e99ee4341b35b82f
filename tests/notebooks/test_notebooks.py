"""Analyst notebooks run top to bottom against a real snapshot (the sample's), with their charts and no warning."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_against_the_sample_warehouse(path: Path, sample_run, monkeypatch):
    config, result = sample_run
    assert result.success
    monkeypatch.setenv("SPEND_CONFIG", str(config))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"] == []  # no warnings
    charts = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(charts) == 2  # the months, the map
    [shares] = [o for o in outputs if "image/svg+xml" in o.get("data", {})]  # the shares against the targets
    assert "Home share, 2019/20 (baseline): 42.1%" in shares["data"]["image/svg+xml"]
    assert any("Baseline 2019/20: home share 42.1%" in o.get("text", "") for o in outputs)
    assert any("2019/20: 8 of the top 20 suppliers are home-based or branched" in o.get("text", "") for o in outputs)
    assert any("2021/22 home_share (all): target 45.0%, missed" in o.get("text", "") for o in outputs)


def test_there_is_a_notebook():
    assert NOTEBOOKS
