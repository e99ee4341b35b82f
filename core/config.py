"""One analysis = one YAML file: the council, its places as sets of LAD codes, and where its data lives.

Everything is validated before anything runs, so a typo in a key, a path that does not exist or a malformed LAD
code stops the run at once with a message naming the file and the key, instead of surfacing as an empty figure.
Paths in the file are relative to the file itself, so an analysis folder can be moved or shared whole.
"""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import Annotated, Any

import duckdb
import yaml
from dagster import ConfigurableResource
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ENV_VAR = "SPEND_CONFIG"
SAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "data" / "sample" / "analysis.yaml"
#: LAD code changes shipped with the tool (ONS code history, 2009-2023); `lad_code_changes` may name another file.
LAD_CODE_CHANGES = Path(__file__).resolve().parents[1] / "data" / "reference" / "lad_code_changes.csv"

#: Ledger fields the pipeline understands; `ledger_columns` may only name these.
LEDGER_FIELDS = (
    "date",
    "amount",
    "supplier_name",
    "supplier_id",
    "transaction_number",
    "department",
    "expense_type",
    "category",
    "company_number",
    "charity_number",
)
REQUIRED_LEDGER_FIELDS = ("date", "amount", "supplier_name")
#: Files of a landing folder that are ledger files, by how their names end (any case): text tables and workbooks.
LANDING_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")

#: Name patterns and Companies House categories that make a supplier a public body or a VCSE, shipped with the tool;
#: `supplier_type_patterns` may name another file of the same columns.
SUPPLIER_TYPE_PATTERNS = Path(__file__).resolve().parents[1] / "data" / "reference" / "supplier_types.csv"
#: The types of supplier a payment is to, in the order they are decided (the first that applies).
SUPPLIER_TYPES = ("individual", "public_body", "vcse", "sme", "large", "unknown")
#: Ledger fields an influenceable-spend rule may match with a regular expression (the value as written).
RULE_PATTERN_FIELDS = ("supplier_name", "department", "expense_type", "category")

LAD_CODE = re.compile(r"^[EWSN]\d{8}$")
_FISCAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


class ConfigError(ValueError):
    """The analysis file is wrong; the message names the file and the key."""


def _check_fiscal_year(value: str) -> str:
    match = _FISCAL_YEAR.match(value)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{value!r} is not a financial year written like '2019/20'")
    return value


def _check_lad_code(value: str) -> str:
    code = value.strip().upper()
    if not LAD_CODE.match(code):
        raise ValueError(f"{value!r} is not a GSS LAD code (E, W, S or N followed by 8 digits, e.g. E08000018)")
    return code


FiscalYear = Annotated[str, Field(description="A financial year, April to March, written '2019/20'.")]


class SupplierMatching(BaseModel):
    """How ledger payee names are matched to the supplier file when neither id nor exact name links them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accept_score: float = Field(
        95, ge=0, le=100, description="A fuzzy name match scoring at least this (0-100) links, if no rival ties."
    )
    review_score: float = Field(
        80, ge=0, le=100, description="Candidates scoring at least this but below accept_score go to review."
    )
    decisions: str | None = Field(
        None,
        description="CSV of the analyst's decisions on candidate matches (accept / reject), read back every run; "
        "`spend review` writes the pending candidates into it.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> SupplierMatching:
        if self.review_score > self.accept_score:
            raise ValueError(f"review_score {self.review_score} is above accept_score {self.accept_score}")
        return self


class ExclusionRule(BaseModel):
    """A payment matching every field the rule gives is outside the influenceable base (all fields must match)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    supplier_name: str | None = None
    department: str | None = None
    expense_type: str | None = None
    category: str | None = None
    supplier_type: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise ValueError(
                f"a rule is a mapping such as {{name: precepts, expense_type: '(?i)precept'}}, not {raw!r}"
            )
        name = raw.get("name")
        if not name:
            raise ValueError(f"rule {raw!r} has no name")
        unknown = sorted(set(raw) - set(cls.model_fields))
        if unknown:
            raise ValueError(
                f"rule {name!r}: unknown field(s) {unknown}; a rule has a name and one or more of "
                f"{[*RULE_PATTERN_FIELDS, 'supplier_type']}"
            )
        return raw

    @model_validator(mode="after")
    def _valid(self) -> ExclusionRule:
        if not any(getattr(self, f) is not None for f in (*RULE_PATTERN_FIELDS, "supplier_type")):
            raise ValueError(
                f"rule {self.name!r} matches nothing: give one or more of {list(RULE_PATTERN_FIELDS)} or supplier_type"
            )
        for field, pattern in self.patterns.items():
            problem = regex_problem(pattern)
            if problem:
                raise ValueError(f"rule {self.name!r}: {field} {pattern!r} is not a regular expression: {problem}")
        if self.supplier_type is not None and self.supplier_type not in SUPPLIER_TYPES:
            raise ValueError(
                f"rule {self.name!r}: supplier_type {self.supplier_type!r} is not one of {list(SUPPLIER_TYPES)}"
            )
        return self

    @property
    def patterns(self) -> dict[str, str]:
        """The rule's regular expressions by ledger field."""
        return {f: getattr(self, f) for f in RULE_PATTERN_FIELDS if getattr(self, f) is not None}

    def describe(self) -> str:
        """The rule as a reader of a figure sees it: `tax and pensions (supplier_name ~ '(?i)hmrc')`."""
        tests = [f"{f} ~ '{p}'" for f, p in self.patterns.items()]
        tests += [f"supplier_type = {self.supplier_type}"] if self.supplier_type else []
        return f"{self.name} ({' and '.join(tests)})"


class Influenceable(BaseModel):
    """The spend the council can steer: every payment but those an exclusion rule matches (first rule wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exclude: list[ExclusionRule] = Field(default_factory=list)

    @field_validator("exclude")
    @classmethod
    def _names_unique(cls, rules: list[ExclusionRule]) -> list[ExclusionRule]:
        names = [r.name for r in rules]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"rule name(s) {repeated} used twice: each rule needs its own name")
        return rules

    def describe(self) -> str:
        """What the influenceable base leaves out, in words, recorded beside every figure on that base."""
        if not self.exclude:
            return "all payments (no exclusions configured)"
        return "all payments except: " + "; ".join(r.describe() for r in self.exclude)


def regex_problem(pattern: str) -> str | None:
    """Why DuckDB (RE2) cannot use `pattern` as a regular expression; None when it can."""
    try:
        duckdb.execute("SELECT regexp_matches('', ?)", [pattern]).fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None


class AnalysisConfig(BaseModel):
    """The validated contents of one analysis file. Use `load_config` to build one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    council_name: str
    home_lad_codes: list[str] = Field(min_length=1)
    region_name: str
    region_lad_codes: list[str] = Field(min_length=1)
    ledger: list[str] = Field(default_factory=list, description="Globs of ledger CSV files.")
    landing: str | None = Field(
        None,
        description="A folder where new ledger files arrive: its CSV, TSV, text, .xlsx and .ods files (any case) "
        "are part of the ledger, and the "
        "Dagster sensor landing_sensor starts a run when one arrives, changes or leaves.",
    )
    ledger_columns: dict[str, list[str]] = Field(default_factory=dict)
    suppliers: str
    postcode_directories: list[str] = Field(
        min_length=1, description="Code-Point Open zips or folders, or ONSPD / NSPL CSV files, newest first."
    )
    lad_code_changes: str | None = Field(
        None, description="CSV of LAD code changes (old_code,new_code,...); default: the file shipped with the tool."
    )
    boundaries: list[str] = Field(
        default_factory=list,
        description="LAD boundary files (GeoJSON, TopoJSON, GeoPackage, shapefile) for placing points, newest first.",
    )
    companies_house: list[str] = Field(
        default_factory=list,
        description="Companies House BasicCompanyData: the CSV or zip, or every part of the multi-part download.",
    )
    supplier_matching: SupplierMatching = Field(default_factory=SupplierMatching)
    influenceable: Influenceable = Field(
        default_factory=Influenceable,
        description="Rules for the payments outside the influenceable base (spend the council cannot steer).",
    )
    supplier_type_patterns: str | None = Field(
        None,
        description="CSV of name patterns and Companies House categories that make a supplier a public body or a "
        "VCSE (supplier_type, applies_to, pattern, what); default: data/reference/supplier_types.csv.",
    )
    top_suppliers: int = Field(300, ge=1, description="How many suppliers mart_top_suppliers ranks (CLES: 300).")
    baseline_year: FiscalYear
    targets: dict[FiscalYear, float] = Field(default_factory=dict)
    warehouse: str
    day_first: bool = Field(True, description="Read ambiguous dates such as 01/04/2019 day first (UK).")
    redaction_markers: list[str] = Field(
        default_factory=lambda: ["redacted", "personal data", "withheld"],
        description="Supplier names containing any of these (any case) are redacted payments: unknown place.",
    )
    duckdb_memory_limit: str = Field(
        "3GB",
        description="Memory DuckDB may use before it spills to disk (DuckDB's own default is 80% of RAM); with the "
        "ledger parsed a batch of files at a time, 3GB holds 10 million payments (BENCHMARKS.md).",
    )
    config_dir: Path = Field(exclude=True)

    @field_validator("ledger", "postcode_directories", "boundaries", "companies_house", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("home_lad_codes", "region_lad_codes")
    @classmethod
    def _lad_codes(cls, codes: list[str]) -> list[str]:
        return [_check_lad_code(code) for code in codes]

    @field_validator("baseline_year")
    @classmethod
    def _baseline(cls, value: str) -> str:
        return _check_fiscal_year(value)

    @field_validator("targets")
    @classmethod
    def _targets(cls, targets: dict[str, float]) -> dict[str, float]:
        for year, share in targets.items():
            _check_fiscal_year(year)
            if not 0 <= share <= 1:
                raise ValueError(f"target for {year} is {share}: a share must lie between 0 and 1")
        return targets

    @field_validator("ledger_columns")
    @classmethod
    def _ledger_columns(cls, columns: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(columns) - set(LEDGER_FIELDS))
        if unknown:
            raise ValueError(f"unknown ledger field(s) {unknown}; known fields are {list(LEDGER_FIELDS)}")
        return columns

    @model_validator(mode="after")
    def _paths_exist(self) -> AnalysisConfig:
        if not self.ledger and self.landing is None:
            raise ValueError("ledger: give ledger globs, a landing folder, or both")
        if self.landing is not None and not (self.config_dir / self.landing).is_dir():
            raise ValueError(f"landing: {self.landing!r} is not a folder (relative to {self.config_dir})")
        for pattern in self.ledger:
            if not glob.glob(str(self.config_dir / pattern)):
                raise ValueError(f"ledger: no file matches {pattern!r} (relative to {self.config_dir})")
        for key, value in (
            [("suppliers", self.suppliers)]
            + [("postcode_directories", p) for p in self.postcode_directories]
            + [("boundaries", p) for p in self.boundaries]
            + [("companies_house", p) for p in self.companies_house]
            + ([("lad_code_changes", self.lad_code_changes)] if self.lad_code_changes else [])
            + ([("supplier_type_patterns", self.supplier_type_patterns)] if self.supplier_type_patterns else [])
        ):
            if not (self.config_dir / value).exists():
                raise ValueError(f"{key}: {value!r} does not exist (relative to {self.config_dir})")
        return self

    # Resolved views: everything downstream uses these, never the raw strings.

    @property
    def landing_path(self) -> Path | None:
        return None if self.landing is None else (self.config_dir / self.landing).resolve()

    @property
    def ledger_files(self) -> list[Path]:
        """Every file the ledger globs match and every ledger file in the landing folder, each once, in a stable
        order."""
        found = {Path(p).resolve() for pattern in self.ledger for p in glob.glob(str(self.config_dir / pattern))}
        found |= set(landing_files(self.landing_path)) if self.landing_path is not None else set()
        return sorted(p for p in found if p.is_file())

    @property
    def suppliers_path(self) -> Path:
        return (self.config_dir / self.suppliers).resolve()

    @property
    def postcode_directory_paths(self) -> list[Path]:
        return [(self.config_dir / p).resolve() for p in self.postcode_directories]

    @property
    def lad_code_changes_path(self) -> Path:
        return (
            LAD_CODE_CHANGES if self.lad_code_changes is None else (self.config_dir / self.lad_code_changes).resolve()
        )

    @property
    def supplier_type_patterns_path(self) -> Path:
        if self.supplier_type_patterns is None:
            return SUPPLIER_TYPE_PATTERNS
        return (self.config_dir / self.supplier_type_patterns).resolve()

    @property
    def boundary_paths(self) -> list[Path]:
        return [(self.config_dir / p).resolve() for p in self.boundaries]

    @property
    def companies_house_paths(self) -> list[Path]:
        return [(self.config_dir / p).resolve() for p in self.companies_house]

    @property
    def match_decisions_path(self) -> Path | None:
        """The analyst's decisions file; it may not exist yet (`spend review` creates it)."""
        decisions = self.supplier_matching.decisions
        return None if decisions is None else (self.config_dir / decisions).resolve()

    @property
    def warehouse_path(self) -> Path:
        return (self.config_dir / self.warehouse).resolve()


def landing_files(folder: Path) -> list[Path]:
    """The ledger files in a landing folder (by LANDING_SUFFIXES), in a stable order."""
    return sorted(p.resolve() for p in folder.iterdir() if p.is_file() and p.suffix.lower() in LANDING_SUFFIXES)


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            model = {"supplier_matching": SupplierMatching, "influenceable": Influenceable}.get(
                str(item["loc"][0]), AnalysisConfig
            )
            message = f"unknown key; known keys are {sorted(model.model_fields.keys() - {'config_dir'})}"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def load_config(path: str | os.PathLike[str]) -> AnalysisConfig:
    """Read and validate an analysis file, raising `ConfigError` with every problem it finds."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: analysis file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys to values at the top level")
    if "config_dir" in raw:
        raise ConfigError(f"{path}:\n  config_dir: unknown key")
    try:
        return AnalysisConfig(**raw, config_dir=path.resolve().parent)
    except ValidationError as exc:
        raise ConfigError(f"{path}: invalid analysis configuration\n{_describe(exc)}") from exc


def analysis_path(given: str | os.PathLike[str] | None = None) -> Path:
    """The analysis file to run: the one given (`--config`), else $SPEND_CONFIG (what `dagster dev` loads), else the
    embedded synthetic sample."""
    return Path(given or os.environ.get(ENV_VAR) or SAMPLE_CONFIG)


class SpendAnalysis(ConfigurableResource):
    """The analysis file as the Dagster resource every asset reads its inputs, places and years from."""

    config_path: str

    def load(self) -> AnalysisConfig:
        return load_config(self.config_path)
