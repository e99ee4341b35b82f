"""A place is a set of LAD codes across vintages.

Directories of different dates write a district's code as it was then: Sheffield is E08000019 in a 2018
Code-Point and E08000039 in a 2025 one, Buckinghamshire's postcodes sit in four districts before 2020 and one
after. An analysis names its places with codes of any vintage; `expand_place` closes that set over the code
changes so that every vintage classifies a supplier the same way:

- a predecessor joins the place when its successor is in it (the old district lies wholly inside the new one);
- a successor joins when all of its predecessors are in it (a rename, or a merger of districts all in the place).

A successor some of whose predecessors are outside the place does not join, and the note says so: a newer
directory's postcodes in that merged district cannot be told apart.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from core.config import LAD_CODE, AnalysisConfig, ConfigError

_COLUMNS = ("old_code", "old_name", "new_code", "new_name")


@dataclass(frozen=True)
class CodeChange:
    old_code: str
    old_name: str
    new_code: str
    new_name: str


@dataclass(frozen=True)
class Place:
    codes: tuple[str, ...]
    notes: tuple[str, ...]


def read_code_changes(path: Path) -> list[CodeChange]:
    """The code changes file: one row per old code -> new code; a malformed row is an error naming its line."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"{path}, line 1: LAD code changes file has no column {', '.join(missing)}")
        changes = []
        for row in reader:
            codes = [(row["old_code"] or "").strip().upper(), (row["new_code"] or "").strip().upper()]
            bad = [c for c in codes if not LAD_CODE.match(c)]
            if bad:
                raise ConfigError(f"{path}, line {reader.line_num}: {bad[0]!r} is not a GSS LAD code")
            changes.append(CodeChange(codes[0], row["old_name"].strip(), codes[1], row["new_name"].strip()))
    return changes


def expand_place(codes: list[str], changes: list[CodeChange]) -> Place:
    """The place's codes in every vintage the changes know, and notes on mergers it covers only in part."""
    predecessors: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        predecessors[change.new_code].add(change.old_code)
    place = set(codes)
    grown = True
    while grown:
        before = len(place)
        for change in changes:
            if change.new_code in place:
                place.add(change.old_code)
            if change.old_code in place and predecessors[change.new_code] <= place:
                place.add(change.new_code)
        grown = len(place) > before
    names = {c.old_code: c.old_name for c in changes} | {c.new_code: c.new_name for c in changes}
    notes = []
    for successor in sorted(predecessors):
        inside = sorted(predecessors[successor] & place)
        if inside and successor not in place:
            outside = sorted(predecessors[successor] - place)
            notes.append(
                f"{', '.join(f'{c} ({names[c]})' for c in inside)} merged into {successor} ({names[successor]}) "
                f"with {', '.join(f'{c} ({names[c]})' for c in outside)}, which the place does not include: "
                f"postcodes a directory gives to {successor} are counted outside it"
            )
    return Place(codes=tuple(sorted(place)), notes=tuple(notes))


def analysis_places(config: AnalysisConfig) -> tuple[Place, Place]:
    """The analysis's home and region, each closed over the LAD code changes it reads: the codes the ring rule
    (`ring_of` in core/macros.sql) is given wherever a LAD is put in a ring."""
    changes = read_code_changes(config.lad_code_changes_path)
    return expand_place(config.home_lad_codes, changes), expand_place(config.region_lad_codes, changes)
