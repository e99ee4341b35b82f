"""The naive peer: the plain pandas script an analyst would write instead of the tool, timed beside it by `spend
bench` (`python -m tooling.pandas_peer --config analysis.yaml`).

It reads every ledger file, parses dates and amounts, links payees to the supplier file by name and the suppliers'
postcodes to the postcode directories (the first listed wins), and sums spend by financial year and ring. It does
nothing else: no quarantine, reconciliation, checks, fuzzy matching, code changes or incremental state. The tool
does all of that and must still be faster; its figures are printed so that the two can be compared by eye.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

from core.config import load_config

#: Headers a script would look for, in the files it was written for (the benchmark's three layouts).
_DATE = ("date", "payment date")
_AMOUNT = ("amount", "net amount")
_SUPPLIER = ("supplier name", "supplier(beneficiary) name", "beneficiary name")


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    found = next(c for c in frame.columns if c.strip().lower() in names)
    return frame[found]


def _dates(text: pd.Series) -> pd.Series:
    """ISO dates (with or without a time), else UK day-first ones."""
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    return iso.fillna(pd.to_datetime(text, format="%d/%m/%Y", errors="coerce"))


def read_ledger(paths: list[Path]) -> pd.DataFrame:
    """Date, amount and supplier of every row of every file."""
    frames = []
    for path in paths:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")
        frames.append(
            pd.DataFrame(
                {
                    "date": _dates(_column(raw, _DATE)),
                    "amount": pd.to_numeric(
                        _column(raw, _AMOUNT).str.replace(r"[£,\s]", "", regex=True), errors="coerce"
                    ),
                    "supplier": _column(raw, _SUPPLIER).str.strip().str.lower(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def read_directory(path: Path) -> pd.DataFrame:
    """Postcode and LAD code of every postcode of one Code-Point Open product (zip or folder)."""
    columns = {"usecols": [0, 8], "names": ["postcode", "lad_code"], "header": None, "dtype": str}
    if path.is_dir():
        parts = [pd.read_csv(p, **columns) for p in sorted(path.rglob("*.csv")) if "/data/csv/" in p.as_posix().lower()]
    else:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if "data/csv/" in n.lower() and n.lower().endswith(".csv")]
            parts = [pd.read_csv(archive.open(n), **columns) for n in sorted(names)]
    directory = pd.concat(parts, ignore_index=True)
    directory["postcode"] = directory["postcode"].str.replace(" ", "").str.upper()
    return directory


def local_spend(config_path: Path) -> dict:
    """Spend by financial year and ring, and how many payments were read."""
    config = load_config(config_path)
    ledger = read_ledger(config.ledger_files)
    suppliers = pd.read_csv(config.suppliers_path, dtype=str, keep_default_na=False)
    suppliers = pd.DataFrame(
        {
            "supplier": suppliers["supplier_name"].str.strip().str.lower(),
            "postcode": suppliers["postcode"].str.replace(" ", "").str.upper(),
        }
    ).drop_duplicates("supplier")
    directories = pd.concat([read_directory(p) for p in config.postcode_directory_paths], ignore_index=True)
    directories = directories.drop_duplicates("postcode")  # the first listed wins
    placed = ledger.merge(suppliers, on="supplier", how="left").merge(directories, on="postcode", how="left")
    placed["ring"] = "elsewhere"
    placed.loc[placed["lad_code"].isin(config.region_lad_codes), "ring"] = "region"
    placed.loc[placed["lad_code"].isin(config.home_lad_codes), "ring"] = "home"
    placed.loc[placed["lad_code"].isna(), "ring"] = "unknown"
    start = placed["date"].dt.year - (placed["date"].dt.month < 4)
    placed["fiscal_year"] = start.astype("Int64").astype(str) + "/" + ((start + 1) % 100).astype("Int64").astype(str)
    sums = placed.groupby(["fiscal_year", "ring"])["amount"].sum().round(2)
    by_year: dict[str, dict[str, float]] = {}
    for (year, ring), amount in sums.items():
        by_year.setdefault(year, {})[ring] = float(amount)
    return {"payments": len(ledger), "by_year": by_year}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.pandas_peer", description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = local_spend(args.config)
    print(json.dumps({**result, "seconds": round(time.perf_counter() - started, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
