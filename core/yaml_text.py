"""YAML read as the project reads it: PyYAML's safe loader in C (libyaml, in PyYAML's wheels) where there is one,
ten times the pure-Python one's speed: a run reads its analysis file and framework in most of its steps."""

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """The data `text` holds, as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=_LOADER)
