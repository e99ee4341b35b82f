"""Many councils at once: a registry file (`councils.yaml`) lists analysis files, each as a single run reads it,
names groups of councils by LAD codes (a combined authority), and says where the national run writes.

    analyses: [rotherham/analysis.yaml, sheffield/analysis.yaml]
    groups:
      South Yorkshire: [E08000016, E08000017, E08000018, E08000019]
    storage: national            # default: national/ beside the registry

Each council is known by its key, its home LAD codes joined by '+' (E08000018): the partition of every per-council
asset, and a folder name in the storage.
"""

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.config import AnalysisConfig, ConfigError, load_config, read_yaml_mapping

#: The SYNTHETIC sample registry: the sample council and its two neighbours (tooling/neighbours.py).
SAMPLE_REGISTRY = Path(__file__).resolve().parents[1] / "data" / "national" / "councils.yaml"


class Registry(BaseModel):
    """The validated contents of a registry file. Use `load_registry` to build one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    analyses: list[str] = Field(min_length=1, description="The councils' analysis files, relative to the registry.")
    groups: dict[str, list[str]] = Field(default_factory=dict, description="Groups of councils by LAD code.")
    storage: str = Field("national", description="Where the national run writes, relative to the registry.")
    registry_dir: Path

    @property
    def storage_path(self) -> Path:
        return (self.registry_dir / self.storage).resolve()

    def councils(self) -> dict[str, Path]:
        """Council key -> analysis file, in the registry's order."""
        return {council_key(load_config(path)): path for path in self.analysis_paths}

    @property
    def analysis_paths(self) -> list[Path]:
        return [(self.registry_dir / name).resolve() for name in self.analyses]


def council_key(config: AnalysisConfig) -> str:
    """A council's key: its home LAD codes, sorted, joined by '+'."""
    return "+".join(sorted(config.home_lad_codes))


def load_registry(path: str | os.PathLike[str]) -> Registry:
    """Read and validate a registry and every analysis file it lists, raising `ConfigError` naming the file and
    what is wrong: a missing or invalid analysis, two analyses of one council, a group naming no council's code."""
    path = Path(path)
    raw = read_yaml_mapping(path, "registry file")
    if "registry_dir" in raw:
        raise ConfigError(f"{path}:\n  registry_dir: unknown key")
    try:
        registry = Registry(**raw, registry_dir=path.resolve().parent)
    except ValidationError as exc:
        problems = "\n".join(f"  {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: invalid registry\n{problems}") from exc
    seen: dict[str, Path] = {}
    for analysis in registry.analysis_paths:
        key = council_key(load_config(analysis))  # ConfigError names the analysis file
        if key in seen:
            raise ConfigError(f"{path}: {analysis} and {seen[key]} are both council {key} (their home LAD codes)")
        seen[key] = analysis
    codes = {code for key in seen for code in key.split("+")}
    for group, members in registry.groups.items():
        if not codes & set(members):
            raise ConfigError(f"{path}: group {group!r} names no registered council's home LAD code")
    return registry
