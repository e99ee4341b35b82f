"""The social value framework: the outcomes the policy names and the measures suppliers commit to and report on.

A measure has a unit (FTE, weeks, hours, £, tonnes CO2e) and may have a proxy value in £ per unit, so that
commitments and deliveries in different units can be summed. Proxy values are the analyst's configuration: the
National TOMs values are licensed (CC BY-NC-ND) and never shipped. Without a framework file, the six outcomes of the
policy apply, with no measures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.yaml_text import safe_load

#: The six outcomes of the policy, with no measures: the framework when the analysis names none.
DEFAULT_FRAMEWORK = Path(__file__).resolve().parents[1] / "data" / "reference" / "social_value_framework.yaml"


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    outcome: str = Field(min_length=1)
    title: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    proxy_value: Decimal | None = Field(None, ge=0, description="£ per unit; none: counted in units only.")


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    outcomes: list[Outcome] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        for kind, ids in (("outcome", [o.id for o in self.outcomes]), ("measure", [m.id for m in self.measures])):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{kind} id(s) {twice} given twice; give each once")
        outcomes = {o.id for o in self.outcomes}
        for measure in self.measures:
            if measure.outcome not in outcomes:
                known = sorted(outcomes)
                raise ValueError(f"measure {measure.id!r}: outcome {measure.outcome!r} is not one of {known}")
        return self

    def measure_rows(self) -> list[tuple]:
        """(measure_id, outcome_id, outcome_title, measure_title, unit, proxy_value), outcomes' order."""
        titles = {o.id: o.title for o in self.outcomes}
        return [(m.id, m.outcome, titles[m.outcome], m.title, m.unit, m.proxy_value) for m in self.measures]


def load_framework(path: Path | None) -> Framework:
    """The framework in `path` (the default without one), or a ValueError naming the file and what is wrong."""
    path = path or DEFAULT_FRAMEWORK
    try:
        return Framework(**(safe_load(path.read_text(encoding="utf-8")) or {}))
    except (yaml.YAMLError, TypeError) as exc:
        raise ValueError(f"{path}: not a framework of outcomes and measures: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            ": ".join(
                [*([".".join(str(p) for p in e["loc"])] if e["loc"] else []), e["msg"].removeprefix("Value error, ")]
            )
            for e in exc.errors()
        )
        raise ValueError(f"{path}: {problems}") from None
