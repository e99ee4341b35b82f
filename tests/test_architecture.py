"""The layers import one way (ARCHITECTURE.md): a module imports only from its own layer or the layers below it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: From the bottom up. A module's layer is the longest prefix of its name listed here.
LAYERS = [
    "core",  # domain rules every layer shares
    "assets",  # what every asset layer shares (expectation suites)
    "assets.staging",
    "assets.intermediate",
    "assets.marts",
    "assets.publish",
    "pipelines",  # the code location: definitions, jobs, sensors, resources, the reports the CLI prints
    "national",  # many councils at once: a partition per council running its own analysis, the national tables
    "presenting",  # the dashboard, the annual report and the exports, which read the snapshot a run publishes
    "portal",  # the suppliers' portal (Django), which reads the snapshot to sync and never writes the warehouse
    "tooling",  # generators and the benchmark harnesses, which drive the code location and the dashboard
    "pipelines.cli",  # the command line, on top: it dispatches to the tooling's commands too
]
PACKAGES = ("core", "assets", "pipelines", "national", "tooling", "presenting", "portal")


def layer(module: str) -> int:
    matches = [i for i, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + ".")]
    return max(matches, key=lambda i: len(LAYERS[i]))


def project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a project module in the file, at the top or inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [(node.lineno, name) for name in names if name.split(".")[0] in PACKAGES]
    return found


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for line, imported in project_imports(path):
                if layer(imported) > layer(module):
                    upward.append(f"{path.relative_to(ROOT)}:{line} ({LAYERS[layer(module)]}) imports {imported}")
    assert upward == []


def test_the_layer_rule_sees_an_upward_import():
    assert layer("assets.staging.ledger") > layer("core.sql")
    assert layer("assets.intermediate.located_transactions") > layer("assets.staging.ledger")
    assert layer("pipelines.cli") > layer("tooling.bench") > layer("pipelines.definitions")


def test_the_code_location_loads_no_tooling():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, pipelines.definitions; print(*sorted(sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert "pipelines.definitions" in loaded
    assert [m for m in loaded if m.split(".")[0] == "tooling"] == []
