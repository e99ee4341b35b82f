"""`spend init`: a new analysis folder from a folder of ledger files.

Each file's layout is found as a run finds it (the header among its first lines, the delimiter, the encoding, every
sheet of a workbook), and the analysis file is written with the columns found for each field (`ledger_columns`),
the ledger's globs, the baseline year (the first whole financial year the file names cover) and a supplier file
template. What cannot be known from the ledger (the council, its places, the postcode directories) is written as
a TODO that `spend run` refuses, naming the key, until it is filled in.
"""

import csv
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from assets.staging.ledger_layouts import is_ledger_header, month_in_name, resolve_layout
from assets.staging.source_files import find_header, prepare
from core.config import LEDGER_FIELDS, SAMPLE_CONFIG

LEDGER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")
SUPPLIER_TEMPLATE = (
    "supplier_id,supplier_name,postcode,company_number,charity_number,local_site_postcode,supplier_type,size\n"
)
#: The sample's SYNTHETIC postcode directories: enough for a first run to finish, never for real figures.
SAMPLE_DIRECTORIES = [SAMPLE_CONFIG.parent / "postcodes" / "codepo_gb_2025-10"]


def _fiscal_year(month) -> str:
    start = month.year if month.month >= 4 else month.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _header(read_path: str, delimiter: str, line: int) -> list[str]:
    with open(read_path, encoding="utf-8", errors="replace", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if number == line:
                return fields
    return []


def survey_ledger(ledger: Path, base: Path) -> tuple[dict[str, list[str]], list[str], list[str], list[str]]:
    """(field -> the headers its column has across the files, files read, files without a ledger header and why,
    the months the files' names cover)."""
    paths = sorted(p for p in ledger.iterdir() if p.is_file() and p.suffix.lower() in LEDGER_SUFFIXES)
    columns: dict[str, list[str]] = defaultdict(list)
    read, unread, months = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        for file in prepare(paths, base, Path(scratch), lambda fields: is_ledger_header(fields, {})):
            if file.problem or file.header_line is None:
                unread.append(f"{file.source_file}: {file.problem or 'empty'}")
                continue
            headers = _header(file.read_path, file.delimiter, file.header_line)
            layout = resolve_layout(headers, {})
            if layout.missing:
                first = find_header(file.read_path, lambda _: False)
                unread.append(f"{file.source_file}: no header names {', '.join(layout.missing)} (line {first[1]})")
                continue
            read.append(file.source_file)
            for field, position in layout.columns.items():
                if position is not None and headers[position - 1].strip() not in columns[field]:
                    columns[field].append(headers[position - 1].strip())
            if month := month_in_name(file.source_file):
                months.append(month)
    return dict(columns), read, unread, months


def _path(target: Path, out: Path) -> str:
    """`target` as the analysis file names it: relative to the analysis folder when inside it, else absolute."""
    relative = os.path.relpath(target.resolve(), out.resolve())
    return Path(target.resolve() if relative.startswith("..") else relative).as_posix()


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def write_init(
    ledger: Path,
    out: Path,
    council: str | None = None,
    home: list[str] | None = None,
    region_name: str | None = None,
    region: list[str] | None = None,
    directories: list[Path] | None = None,
) -> tuple[Path, list[str], list[str]]:
    """Write `out`/analysis.yaml and `out`/suppliers.csv for the ledger files under `ledger`; return the analysis
    file, the files read and the files that could not be read (with why)."""
    out.mkdir(parents=True, exist_ok=True)
    if (out / "analysis.yaml").exists():
        raise FileExistsError(f"{out / 'analysis.yaml'} exists: spend init never overwrites an analysis")
    columns, read, unread, months = survey_ledger(ledger, out)
    if not read:
        raise ValueError(f"no ledger file under {ledger} has a header naming a date, an amount and a supplier")
    suffixes = sorted({Path(f.split("#")[0]).suffix.lower() for f in read})
    folder = _path(ledger, out)
    globs = [f"{folder}/*{suffix}" for suffix in suffixes]
    years = sorted({_fiscal_year(month) for month in months})
    complete = [y for y in years if sum(_fiscal_year(m) == y for m in set(months)) == 12]
    baseline = (complete or years or ["TODO"])[0]
    directories = directories or SAMPLE_DIRECTORIES
    lines = [
        f"# Written by `spend init` from {len(read)} ledger file(s) under {ledger}. Fill in every TODO, then",
        "#   spend run --config analysis.yaml",
        f"council_name: {council or 'TODO the council name'}",
        f"home_lad_codes: [{', '.join(home or ['TODO'])}]             # the borough's LAD code(s), e.g. E08000018",
        f"region_name: {region_name or 'TODO the region name'}",
        f"region_lad_codes: [{', '.join(region or ['TODO'])}]         # the region's LAD codes, home included",
        f"ledger: {_list(globs)}",
        "ledger_columns:                   # the headers found in these files for each field (any case and spelling)",
        *(f"  {field}: {_list(columns[field])}" for field in LEDGER_FIELDS if field in columns),
        "suppliers: suppliers.csv          # your finance system's supplier list: supplier_name and postcode at least",
        "                                  # (or SYNTHETIC ones to try the tool: spend synthetic-suppliers)",
        f"postcode_directories: {_list([_path(directory, out) for directory in directories])}",
        *(
            ["# ^ the sample's SYNTHETIC postcodes: replace them with OS Code-Point Open or ONSPD for real figures"]
            if directories == SAMPLE_DIRECTORIES
            else []
        ),
        f'baseline_year: "{baseline}"               # the first whole financial year the files cover',
        "warehouse: out/spend.duckdb",
    ]
    (out / "analysis.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not (out / "suppliers.csv").exists():
        (out / "suppliers.csv").write_text(SUPPLIER_TEMPLATE, encoding="utf-8")
    return out / "analysis.yaml", read, unread
