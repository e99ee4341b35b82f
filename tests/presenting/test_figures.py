"""The shares chart, drawn as SVG from the published frames: actual shares, targets, and a year in progress's
projection with its range, each point's value in its tooltip."""

import re

import pandas as pd

from core.config import load_config
from presenting.figures import share_against_target
from presenting.published import Published, empty_boundaries
from tests.helpers import SAMPLE_DIR

SPEND = pd.DataFrame({
    "fiscal_year": ["2019/20", "2020/21"], "base": ["all", "all"], "months": [12, 6],
    "home_share": [0.40, 0.43], "home_and_region_share": [0.60, 0.62],
    "office_home_share": [0.30, 0.31], "office_home_and_region_share": [0.50, 0.52],
})  # fmt: skip
PROGRESS = pd.DataFrame({
    "fiscal_year": ["2019/20", "2020/21"], "base": ["all", "all"], "measure": ["home_share", "home_share"],
    "target_share": [None, 0.45], "year_state": ["closed", "in progress"],
    "projected_share": [None, 0.44], "projected_low": [None, 0.43], "projected_high": [None, 0.455],
})  # fmt: skip


def tips(svg: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", svg)


def published() -> Published:
    frames = {"mart_local_spend_by_year": SPEND, "mart_target_progress": PROGRESS}
    config = load_config(SAMPLE_DIR / "analysis.yaml")
    return Published(config, frozenset(), frozenset(), frames, {}, empty_boundaries())


def test_the_chart_shows_shares_targets_and_a_projection_with_its_range():
    svg = share_against_target(published(), "all")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'aria-label="Local shares by year (all' in svg
    assert tips(svg) == [
        "Home share, 2019/20 (baseline): 40.0%",
        "Home share, 2020/21 (6 of 12 months): 43.0%",
        "Home + region share, 2019/20 (baseline): 60.0%",
        "Home + region share, 2020/21 (6 of 12 months): 62.0%",
        "Home target, 2020/21 (6 of 12 months): 45.0%",
        "Home share, 2020/21 (6 of 12 months), projected: 44.0% (range 43.0% to 45.5%)",
    ]
    assert svg.count('stroke-opacity="0.3"') == 1  # the projection's range


def test_by_office_alone_the_chart_shows_those_shares_and_no_projection():
    svg = share_against_target(published(), "all", prefix="office_")
    assert "Home share, 2019/20 (baseline): 30.0%" in tips(svg)
    assert not [tip for tip in tips(svg) if "projected" in tip]
