"""The asset graph as a reviewed text: every asset with its group and upstream tables, every check with its
asset and whether it blocks. A change to the graph fails here until the snapshot is rewritten
(`UPDATE_SNAPSHOT=1 make test`) and the diff reviewed; the README lists every table the graph builds."""

import os
import re
from pathlib import Path

from pipelines.definitions import ASSETS, CHECKS, build_definitions
from tests.helpers import ROOT, SAMPLE_DIR

SNAPSHOT = Path(__file__).with_name("definitions.txt")


def graph() -> str:
    graph = build_definitions(SAMPLE_DIR / "analysis.yaml").resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        upstream = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        lines.append(f"asset {key.to_user_string()} [{node.group_name}] <- {upstream or '(files)'}")
    specs = [spec for built in [*ASSETS, *CHECKS] for spec in built.check_specs]
    for spec in sorted(specs, key=lambda s: (s.asset_key.to_user_string(), s.name)):
        blocking = "blocking" if spec.blocking else "warns"
        lines.append(f"check {spec.asset_key.to_user_string()}:{spec.name} ({blocking})")
    return "\n".join(lines) + "\n"


def test_the_asset_graph_is_the_reviewed_one():
    if os.environ.get("UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(graph())
    assert graph() == SNAPSHOT.read_text(), "the asset graph changed: review it, then UPDATE_SNAPSHOT=1 make test"


def test_the_readme_lists_every_table_the_graph_builds():
    rows = re.findall(
        r"^\| (?:staging|intermediate|marts|publish) \| ([^|]+) \|", (ROOT / "README.md").read_text(), re.M
    )
    listed = {name for tables in rows for name in re.findall(r"`(\w+)`", tables)}
    built = {key.to_user_string() for built in ASSETS for key in built.keys}
    assert listed == built


def test_each_table_has_its_sql_file_and_every_suite_and_sql_file_beside_an_asset_is_a_table():
    built = {key.to_user_string() for built in ASSETS for key in built.keys}
    sql_files = {path.stem for path in (ROOT / "assets").glob("*/*.sql")}  # temporary steps' SQL is in steps/
    assert sql_files == built
    assert {path.stem for path in (ROOT / "expectations").glob("*.json")} <= built
