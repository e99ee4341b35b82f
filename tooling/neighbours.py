"""The sample's neighbours: two more SYNTHETIC councils beside the sample council, and the registry that lists the
three (`data/national/`), for the national run (`make national`).

Everything here is invented, like the sample: suppliers, payments and postcodes (the sample's Q areas). The places
are real LAD codes: Barnsley's (E08000016 and E08000038: its code changed in 2023, so its analysis names both, and
its council key is `E08000016+E08000038`) and Doncaster's (E08000017). Each neighbour has its own supplier file
and a clean ledger, one file per financial year from 2019/20, and reads the sample's reference files (postcode
directories, boundaries, Companies House). The postcodes are the sample directory's unused ones.

What the national tables need a known answer for: each neighbour pays some of the sample council's suppliers (the
same name and postcode under its own supplier id: shared by name), and both pay one company under two names (shared
by company number); money lands in each other's districts; Doncaster's ledger stops in December 2021, a partial
year; every ledger file has one row whose amount does not parse, quarantined. `build_neighbours()` returns each
neighbour's files with the expected outcome of every ledger row, as `build_sample()` does for the sample.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from tooling.sample import (
    AREAS,
    FIRST_YEAR,
    REGION_LADS,
    SEED,
    TRADES,
    WORDS,
    YEARS,
    ExpectedRow,
    Sample,
    Supplier,
    _csv_field,
    _pounds,
    build_sample,
    fiscal_year,
    write_files,
)

#: The sample council's folder as the registry (data/national/) reaches it.
SAMPLE_FROM_REGISTRY = "../sample"
ELSEWHERE_LADS = sorted(lad for _, _, lad in AREAS["elsewhere"])
HEADER = ["Body Name", "Date", "Transaction Number", "Net Amount", "Supplier Name", "Supplier ID", "Expense Area",
          "Expense Type"]  # fmt: skip
#: One company both neighbours pay, under a name of each: shared by its company number alone.
COMMON_COMPANY = "07123456"
COMMON_NAMES = ("Dunmere Facilities Ltd", "DFM Group Ltd")


@dataclass(frozen=True)
class Neighbour:
    folder: str
    council_name: str
    home_lad_codes: tuple[str, ...]
    prefix: str  # of its supplier ids
    last_month: tuple[int, int]  # (year, month) of its last ledger month


NEIGHBOURS = (
    Neighbour("barnsley", "Barnsley neighbour (synthetic data, Barnsley's places)", ("E08000016", "E08000038"), "B",
              (2022, 3)),
    Neighbour("doncaster", "Doncaster neighbour (synthetic data, Doncaster's places)", ("E08000017",), "D",
              (2021, 12)),
)  # fmt: skip
FIRST_NEIGHBOUR_YEAR = FIRST_YEAR + 1  # 2019/20, the sample's baseline

REGISTRY = f"""\
# SYNTHETIC registry: the sample council and its two SYNTHETIC neighbours, for `make national`.
analyses:
  - {SAMPLE_FROM_REGISTRY}/analysis.yaml
  - barnsley/analysis.yaml
  - doncaster/analysis.yaml
groups:
  South Yorkshire: [E08000016, E08000017, E08000018, E08000019, E08000038, E08000039]
storage: out              # the national tables: out/national.duckdb and out/<table>/ (git-ignored)
"""

CONFIG = """\
# SYNTHETIC neighbour of the sample: invented suppliers and payments, placed with {places}'s real LAD codes.
council_name: {council_name}
home_lad_codes: [{home}]
region_name: Sheffield City Region
region_lad_codes: [{region}]
ledger: [ledger/*.csv]
suppliers: suppliers.csv
postcode_directories: [{sample}/postcodes/codepo_gb_2025-10, {sample}/postcodes/codepo_gb_2018-07]   # the sample's
boundaries: [{sample}/boundaries/synthetic_lad_boxes.geojson]   # SYNTHETIC boxes, not real district shapes
companies_house: {sample}/companies_house.csv                   # SYNTHETIC, in BasicCompanyData's layout
top_suppliers: 20
baseline_year: "2019/20"
warehouse: out/spend.duckdb
"""

README = """\
# SYNTHETIC national sample: the sample council and two invented neighbours

Everything in this folder is invented by `tooling/neighbours.py` (`spend sample` rewrites it with the sample; the
output is identical every time). `councils.yaml` is the registry `make national` runs: the sample council
(`../sample/`, Rotherham's places) and two SYNTHETIC neighbours with Barnsley's and Doncaster's real LAD codes, each
with its own `analysis.yaml`, `suppliers.csv` and `ledger/` (one file per financial year from 2019/20; Doncaster's
stops in December 2021). They read the sample's postcode directories, boundary boxes and Companies House file. They
pay some of the sample council's suppliers, and both pay one company under two names. The national run writes to
`out/` (git-ignored).
"""


def _directory(sample: Sample) -> dict[str, str]:
    """The sample's 2025 postcode directory: postcode -> LAD code."""
    found = {}
    for name, content in sample.files.items():
        if name.startswith("postcodes/codepo_gb_2025-10/Data/CSV/"):
            for line in content.decode().splitlines():
                fields = [f.strip('"') for f in line.split(",")]
                if fields[8]:
                    found[fields[0]] = fields[8]
    return found


class _Neighbours:
    def __init__(self) -> None:
        self.sample = build_sample()
        self.directory = _directory(self.sample)
        used = {s.postcode for s in self.sample.suppliers + self.sample.policy_suppliers}
        used |= {s.local_site_postcode for s in self.sample.suppliers}
        # (not the quiet districts' postcodes: they stay without suppliers)
        self.free = sorted(pc for pc in self.directory if pc not in used and not pc.startswith("QE"))
        self.names = [s.name for s in self.sample.suppliers + self.sample.policy_suppliers]
        # the sample's suppliers a neighbour may pay: placed by their postcode alone, with one name
        self.shareable = [
            s for s in self.sample.suppliers
            if s.postcode in self.directory and not (s.local_site_postcode or s.company_number or s.country)
            and not s.name.upper().startswith("COPPERFIELD")
        ]  # fmt: skip
        self.common_postcode = self._postcode(random.Random(SEED + 20), ELSEWHERE_LADS)

    def _postcode(self, rng: random.Random, lads: list[str]) -> str:
        postcode = rng.choice([pc for pc in self.free if self.directory[pc] in lads])
        self.free.remove(postcode)
        return postcode

    def _name(self, rng: random.Random) -> str:
        while True:
            words = f"{rng.choice(WORDS)} {rng.choice(TRADES)}"
            if not any(name.startswith(f"{words} ") for name in self.names):  # no name of another supplier
                self.names.append(f"{words} {rng.choice(['Ltd', 'Limited', 'LLP'])}")
                return self.names[-1]

    def _ring(self, neighbour: Neighbour, postcode: str) -> str:
        lad = self.directory[postcode]
        return "home" if lad in neighbour.home_lad_codes else "region" if lad in REGION_LADS else "elsewhere"

    def suppliers(self, neighbour: Neighbour, index: int, rng: random.Random) -> list[Supplier]:
        home_lad = neighbour.home_lad_codes[-1]
        region = [lad for lad in REGION_LADS if lad not in neighbour.home_lad_codes and lad != "E08000018"]
        places = [[home_lad]] * 8 + [region] * 3 + [ELSEWHERE_LADS] * 3
        own = [self._postcode(rng, lads) for lads in places]
        suppliers = [Supplier("", self._name(rng), postcode, self._ring(neighbour, postcode)) for postcode in own]
        for shared in rng.sample(self.shareable, 6):
            suppliers.append(Supplier("", shared.name, shared.postcode, self._ring(neighbour, shared.postcode)))
        common = self.common_postcode
        suppliers.append(Supplier("", COMMON_NAMES[index], common, self._ring(neighbour, common),
                                  company_number=COMMON_COMPANY))  # fmt: skip
        for number, supplier in enumerate(suppliers, start=1):
            supplier.supplier_id = f"{neighbour.prefix}{number:04d}"
        return suppliers

    def build(self) -> dict[str, Sample]:
        built = {}
        for index, neighbour in enumerate(NEIGHBOURS):
            rng = random.Random(SEED + 21 + index)
            council = Sample(suppliers=self.suppliers(neighbour, index, rng))
            council.files["suppliers.csv"] = _supplier_file(council.suppliers)
            for start in range(FIRST_NEIGHBOUR_YEAR, FIRST_YEAR + YEARS):
                _ledger_file(council, neighbour, start, rng)
            council.files["analysis.yaml"] = CONFIG.format(
                places=neighbour.folder.title(), council_name=neighbour.council_name,
                home=", ".join(neighbour.home_lad_codes), region=", ".join(REGION_LADS),
                sample=f"../{SAMPLE_FROM_REGISTRY}",
            ).encode()  # fmt: skip
            built[neighbour.folder] = council
        return built


def _supplier_file(suppliers: list[Supplier]) -> bytes:
    lines = ["supplier_id,supplier_name,postcode,company_number"]
    lines += [",".join(_csv_field(v) for v in (s.supplier_id, s.name, s.postcode or "", s.company_number or ""))
              for s in suppliers]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def _ledger_file(council: Sample, neighbour: Neighbour, start: int, rng: random.Random) -> None:
    """One financial year's ledger: 20 to 30 payments a month to its suppliers (a few redacted, a few to a payee
    no file knows), and one row whose amount does not parse."""
    name = f"ledger/{start}-{(start + 1) % 100:02d}.csv"
    lines = [",".join(HEADER)]
    quarantined = False
    for month_index in range(12):
        year, month = start + (month_index + 3) // 12, (month_index + 3) % 12 + 1
        if (year, month) > neighbour.last_month:
            break
        for _ in range(rng.randint(20, 30)):
            day = dt.date(year, month, rng.randint(1, 28))
            roll = rng.random()
            if roll < 0.03:
                payee, supplier_id, ring, party = "REDACTED", "", "unknown", None
            elif roll < 0.06:
                payee, supplier_id, ring, party = f"{rng.choice(WORDS)} Residents Group", "", "unknown", None
            else:
                supplier = rng.choice(council.suppliers)
                payee, supplier_id, ring = supplier.name, supplier.supplier_id, supplier.ring
                party = supplier_id
            pence = rng.randint(50_000, 2_500_000) if rng.random() < 0.9 else rng.randint(2_500_000, 9_000_000)
            if rng.random() < 0.04:
                pence = -rng.randint(5_000, 200_000)  # a credit note
            amount = _pounds(pence)
            if month_index == 6 and not quarantined:
                quarantined = True
                amount, outcome = "TBC", ExpectedRow(name, 0, False, None, reason="amount 'TBC' does not parse")
            else:
                outcome = ExpectedRow(name, 0, True, pence, fiscal_year(day), ring, party=party)
            outcome.source_line = len(lines) + 1
            number = f"{neighbour.prefix}{year}{month:02d}{len(lines):05d}"
            lines.append(",".join(_csv_field(v) for v in (
                f"SYNTHETIC {neighbour.folder.title()} neighbour", day.isoformat(), number, amount, payee,
                supplier_id, rng.choice(["Adult Care", "Place", "Children's Services", "Resources"]),
                rng.choice(["Building Repairs", "Professional Services", "Vehicle Hire", "IT Equipment"]),
            )))  # fmt: skip
            council.expected_rows.append(outcome)
    council.files[name] = ("\n".join(lines) + "\n").encode()


def build_neighbours() -> dict[str, Sample]:
    """Each neighbour's files (relative to its folder) and the expected outcome of its every ledger row."""
    return _Neighbours().build()


def national_files() -> dict[str, bytes]:
    """Every file of the national sample folder, relative to it: the registry, its README, the neighbours'."""
    files = {"councils.yaml": REGISTRY.encode(), "README.md": README.encode()}
    for folder, council in build_neighbours().items():
        files |= {f"{folder}/{name}": content for name, content in council.files.items()}
    return files


def write_national(out: Path) -> None:
    write_files(out, national_files())
