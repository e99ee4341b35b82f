"""A synthetic supplier file for a real ledger published without supplier addresses.

Published spend files carry no postcodes; councils hold those in their finance system. To try the pipeline on a
published ledger, `spend synthetic-suppliers` gives every payee of the last run a real postcode chosen by a hash of
its name. The file says SYNTHETIC on every row: its figures are for testing, never for publishing.
"""

from pathlib import Path

from core.config import AnalysisConfig
from core.places import analysis_places
from core.sql import install_macros
from core.warehouse import open_published

_SQL = Path(__file__).with_name("synthetic_suppliers.sql")


def write_synthetic_suppliers(config: AnalysisConfig, out: Path) -> int:
    """Write the file from the warehouse of a run over `config`; return the number of suppliers."""
    out.parent.mkdir(parents=True, exist_ok=True)
    home, region = analysis_places(config)
    with open_published(config.warehouse_path, "ledger_transactions") as con:
        install_macros(con)  # the ring and redaction rules of the pipeline itself
        frame = con.execute(
            _SQL.read_text(encoding="utf-8"),
            {
                "home_lad_codes": list(home.codes),
                "region_lad_codes": list(region.codes),
                "redaction_markers": [m.lower() for m in config.redaction_markers],
            },
        ).df()
    frame.to_csv(out, index=False)
    return len(frame)
