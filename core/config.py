"""One analysis = one YAML file: the council, its places as sets of LAD codes, and where its data lives.

Everything is validated before anything runs, so a typo in a key, a path that does not exist or a malformed LAD
code stops the run at once with a message naming the file and the key, instead of surfacing as an empty figure.
Paths in the file are relative to the file itself, so an analysis folder can be moved or shared whole.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import yaml
from dagster import ConfigurableResource
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.social_value import Framework, load_framework
from core.yaml_text import safe_load

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

#: The bases every figure is given on: every payment, and the payments no exclusion rule matches.
BASES = ("all", "influenceable")
#: The shares a target can be set for: of the spend on a base, the part with suppliers in the home area, in the home
#: area or the region, with SMEs, with VCSEs.
TARGET_MEASURES = ("home_share", "home_and_region_share", "sme_share", "vcse_share")

LAD_CODE = re.compile(r"^[EWSN]\d{8}$")
_FISCAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/-]+$")


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


class TargetSeries(BaseModel):
    """The targets for one measure on one base, as a policy states them: shares for named years (`shares`), or
    percentage points over the baseline year's actual share (`points_over_baseline`). Years between the baseline and
    a stated year take a straight trajectory between them, so a final target alone gives one from the baseline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    measure: str = "home_share"
    base: str = "all"
    shares: dict[FiscalYear, float] = Field(default_factory=dict)
    points_over_baseline: dict[FiscalYear, float] = Field(default_factory=dict)

    @field_validator("measure")
    @classmethod
    def _measure(cls, value: str) -> str:
        if value not in TARGET_MEASURES:
            raise ValueError(f"{value!r} is not a measure; targets can be set for {list(TARGET_MEASURES)}")
        return value

    @field_validator("base")
    @classmethod
    def _base(cls, value: str) -> str:
        if value not in BASES:
            raise ValueError(f"{value!r} is not a base; the bases are {list(BASES)}")
        return value

    @field_validator("shares")
    @classmethod
    def _shares(cls, shares: dict[str, float]) -> dict[str, float]:
        for year, share in shares.items():
            _check_fiscal_year(year)
            if not 0 <= share <= 1:
                raise ValueError(f"{year}: {share} is not a share: a share lies between 0 and 1 (42% is 0.42)")
        return shares

    @field_validator("points_over_baseline")
    @classmethod
    def _points(cls, points: dict[str, float]) -> dict[str, float]:
        for year, value in points.items():
            _check_fiscal_year(year)
            if not -100 <= value <= 100:
                raise ValueError(f"{year}: {value} is not a number of percentage points (-100 to 100)")
        return points

    @model_validator(mode="after")
    def _stated(self) -> TargetSeries:
        both = sorted(set(self.shares) & set(self.points_over_baseline))
        if both:
            raise ValueError(f"{both}: a year's target is a share or points over the baseline, not both")
        if not self.shares and not self.points_over_baseline:
            raise ValueError("no target: give `shares` or `points_over_baseline` for one or more years")
        return self

    def stated(self) -> list[tuple[str, str, float]]:
        """(year, kind, value) of every stated target, kind `share` or `points`, by year."""
        return sorted(
            [(y, "share", v) for y, v in self.shares.items()]
            + [(y, "points", v) for y, v in self.points_over_baseline.items()]
        )


class SocialValue(BaseModel):
    """The contracts register and the social value delivered on it (the policy: every contract over £100,000 carries
    commitments, reported quarterly by the supplier and verified by the council)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: Decimal = Field(
        Decimal(100000), ge=0, description="Contracts above this value (£) must carry social value commitments."
    )
    framework: str | None = Field(
        None,
        description="YAML of the outcomes and measures (id, outcome, title, unit, proxy_value); default: the six "
        "outcomes of the policy, no measures.",
    )
    contracts: str = Field(description="CSV or workbook of the contracts register.")
    commitments: str | None = Field(None, description="CSV or workbook: contract_id, measure_id, quantity.")
    returns: list[str] = Field(default_factory=list, description="Globs of the suppliers' quarterly returns.")
    return_due_days: int = Field(30, ge=0, description="A quarter's return is late this many days after it ends.")
    portal: str | None = Field(
        None,
        description="The suppliers' portal's database URL (sqlite:///path, relative to this file, or "
        "postgresql://...): its submitted returns are read as one more returns source.",
    )

    @field_validator("portal")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite:///", "postgres://", "postgresql://")):
            raise ValueError(f"{value!r} is not a database URL: write sqlite:///path or postgresql://host/name")
        return value

    @field_validator("returns", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class SupplyChain(BaseModel):
    """Where the money goes next: subcontracts the suppliers declare, and their answers to a re-spend survey."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subcontracts: str | None = Field(None, description="CSV or workbook of declared subcontracts.")
    surveys: str | None = Field(None, description="CSV or workbook of the suppliers' re-spend surveys.")
    non_respondents: Literal["exclude", "category_average", "overall_average"] = Field(
        "exclude",
        description="How LM3's third round treats a supplier without a survey: exclude (its re-spend counts as "
        "none), category_average (the spend-weighted average answer of the surveyed suppliers of its sector, SIC "
        "section; of all where none of its sector answered), overall_average (of every surveyed supplier).",
    )


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
    living_wage: str | None = Field(
        None,
        description="CSV or workbook of the employers the Living Wage Foundation accredited (name, company_number, "
        "accredited_on): mart_living_wage gives the spend with them.",
    )
    quotations: str | None = Field(
        None,
        description="CSV or workbook of the written quotation exercises, one row per invited supplier: "
        "mart_quote_compliance says which had a local invitee.",
    )
    social_value: SocialValue | None = Field(
        None, description="The contracts register, the social value framework, commitments and quarterly returns."
    )
    supply_chain: SupplyChain | None = Field(
        None, description="Declared subcontracts and supplier re-spend surveys: LM3 and the supply-chain flows."
    )
    top_suppliers: int = Field(300, ge=1, description="How many suppliers mart_top_suppliers ranks (CLES: 300).")
    baseline_year: FiscalYear
    targets: list[TargetSeries] = Field(
        default_factory=list,
        description="Targets per measure and base; a mapping {year: share} is the home share on the all base.",
    )
    years_close_on: str = Field(
        "06-30",
        description="The day (MM-DD) after each financial year's 31 March on which it closes: the first run after "
        "that day freezes its figures.",
    )
    refresh_schedule: str = Field(
        "0 6 5 * *",
        description="When the schedule monthly_refresh runs the spend job: a cron expression in UK time (default "
        "06:00 on the 5th of each month).",
    )
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

    @field_validator("targets", mode="before")
    @classmethod
    def _targets_as_series(cls, raw: Any) -> Any:
        """A mapping {year: share}, as earlier analysis files give, is the home share on the `all` base."""
        if isinstance(raw, dict):
            return [{"measure": "home_share", "base": "all", "shares": raw}]
        return raw

    @field_validator("years_close_on")
    @classmethod
    def _close_day(cls, value: str) -> str:
        try:
            dt.datetime.strptime(f"2001-{value}", "%Y-%m-%d")  # 2001: not a leap year, so never 02-29
        except ValueError:
            raise ValueError(f"{value!r} is not a day written MM-DD, such as 06-30") from None
        if value[:2] in ("01", "02", "03"):
            raise ValueError(f"{value!r} falls before the year ends on 31 March: give a day from April, e.g. 06-30")
        return value

    @field_validator("refresh_schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
            raise ValueError(
                f"{value!r} is not a cron expression: five fields, minute hour day month weekday, e.g. '0 6 5 * *'"
            )
        return value

    @model_validator(mode="after")
    def _targets_after_baseline(self) -> AnalysisConfig:
        seen = set()
        for n, series in enumerate(self.targets):
            where = f"targets.{n} ({series.measure} on the {series.base} base)"
            if (series.measure, series.base) in seen:
                raise ValueError(f"{where}: a second series for the same measure and base; give each once")
            seen.add((series.measure, series.base))
            early = [year for year, _, _ in series.stated() if year < self.baseline_year]
            if early:
                raise ValueError(f"{where}: {early} before the baseline year {self.baseline_year}")
        return self

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
            + ([("living_wage", self.living_wage)] if self.living_wage else [])
            + ([("quotations", self.quotations)] if self.quotations else [])
            + self._social_value_files()
            + self._supply_chain_files()
        ):
            if not (self.config_dir / value).exists():
                raise ValueError(f"{key}: {value!r} does not exist (relative to {self.config_dir})")
        for pattern in self.social_value.returns if self.social_value else []:
            if not glob.glob(str(self.config_dir / pattern)):
                raise ValueError(f"social_value.returns: no file matches {pattern!r} (relative to {self.config_dir})")
        if self.social_value is not None:
            try:
                load_framework(self.social_value_path("framework"))
            except ValueError as exc:
                raise ValueError(f"social_value.framework: {exc}") from None
        return self

    def _social_value_files(self) -> list[tuple[str, str]]:
        given = self.social_value
        if given is None:
            return []
        files = [("contracts", given.contracts), ("framework", given.framework), ("commitments", given.commitments)]
        return [(f"social_value.{key}", value) for key, value in files if value is not None]

    def _supply_chain_files(self) -> list[tuple[str, str]]:
        given = self.supply_chain
        files = [] if given is None else [("subcontracts", given.subcontracts), ("surveys", given.surveys)]
        return [(f"supply_chain.{key}", value) for key, value in files if value is not None]

    # Resolved views: everything downstream uses these, never the raw strings.

    @property
    def close_day(self) -> tuple[int, int]:
        """(month, day) of `years_close_on`."""
        month, day = self.years_close_on.split("-")
        return int(month), int(day)

    def closes_on(self, fiscal_year: str) -> dt.date:
        """The day financial year `fiscal_year` ('2019/20') closes on: the first run after that day freezes it."""
        return dt.date(int(fiscal_year[:4]) + 1, *self.close_day)

    def is_closed(self, fiscal_year: str, as_of: dt.date) -> bool:
        """Whether figures as of `as_of` treat the year as closed (frozen)."""
        return self.closes_on(fiscal_year) < as_of

    @property
    def stated_targets(self) -> list[tuple[str, str, str, str, float]]:
        """(measure, base, year, kind, value) of every target the analysis states."""
        return [(s.measure, s.base, *stated) for s in self.targets for stated in s.stated()]

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
    def living_wage_path(self) -> Path | None:
        return None if self.living_wage is None else (self.config_dir / self.living_wage).resolve()

    @property
    def quotations_path(self) -> Path | None:
        return None if self.quotations is None else (self.config_dir / self.quotations).resolve()

    def social_value_path(self, key: str) -> Path | None:
        """The resolved path of social_value's `key` (contracts, framework, commitments), None when not given."""
        value = None if self.social_value is None else getattr(self.social_value, key)
        return None if value is None else (self.config_dir / value).resolve()

    def supply_chain_path(self, key: str) -> Path | None:
        """The resolved path of supply_chain's `key` (subcontracts, surveys), None when not given."""
        value = None if self.supply_chain is None else getattr(self.supply_chain, key)
        return None if value is None else (self.config_dir / value).resolve()

    @property
    def framework(self) -> Framework:
        """The social value framework: social_value.framework's, else the policy's six outcomes with no measures."""
        return load_framework(self.social_value_path("framework"))

    @property
    def return_paths(self) -> list[Path]:
        """Every file social_value.returns' globs match, each once, in a stable order."""
        patterns = self.social_value.returns if self.social_value else []
        found = {Path(p).resolve() for pattern in patterns for p in glob.glob(str(self.config_dir / pattern))}
        return sorted(p for p in found if p.is_file())

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
            sections = {"supplier_matching": SupplierMatching, "influenceable": Influenceable, "targets": TargetSeries}
            model = sections.get(str(item["loc"][0]), AnalysisConfig)
            message = f"unknown key; known keys are {sorted(model.model_fields.keys() - {'config_dir'})}"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def read_yaml_mapping(path: Path, what: str) -> dict:
    """The mapping a YAML file holds; `ConfigError` naming the file when it is missing, not YAML or no mapping."""
    if not path.is_file():
        raise ConfigError(f"{path}: {what} not found")
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys to values at the top level")
    return raw


def load_config(path: str | os.PathLike[str]) -> AnalysisConfig:
    """Read and validate an analysis file, raising `ConfigError` with every problem it finds."""
    path = Path(path)
    raw = read_yaml_mapping(path, "analysis file")
    if "config_dir" in raw:
        raise ConfigError(f"{path}:\n  config_dir: unknown key")
    todo = [key for key, value in raw.items() if "TODO" in str(value)]
    if todo:
        raise ConfigError(f"{path}: fill in {', '.join(todo)} (`spend init` left them TODO)")
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
