"""The headline table: local spend by financial year, as printed by `spend run` and `spend report`."""

from core.config import AnalysisConfig
from core.formatting import money, percent
from core.warehouse import open_published

ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025; Contains Royal Mail data © Royal Mail copyright "
    "and database right 2025; Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
)

_COLUMNS = (
    "Year",
    "Payments",
    "Total",
    "Home",
    "Region",
    "Elsewhere",
    "Unknown",
    "Home %",
    "Home+region %",
    "Target",
    "Gap",
)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _rows(years: list[tuple]) -> list[tuple[str, ...]]:
    """The header and one line of text per year of mart_local_spend_by_year."""
    return [_COLUMNS] + [
        (
            year + (" (baseline)" if is_baseline else "") + (f", {months} of 12 months" if months < 12 else ""),
            f"{payments:,}",
            money(total),
            money(home),
            money(region),
            money(elsewhere),
            money(unknown),
            percent(home_share),
            percent(ring_share),
            percent(target),
            percent(gap),
        )
        for (
            year,
            payments,
            total,
            home,
            region,
            elsewhere,
            unknown,
            home_share,
            ring_share,
            target,
            gap,
            is_baseline,
            months,
        ) in years
    ]


def headline(config: AnalysisConfig) -> str:
    """The mart, one line per year, with the rows behind it and where the warehouse is."""
    with open_published(config.warehouse_path, "mart_local_spend_by_year") as con:
        years = con.execute(
            "SELECT base, fiscal_year, payments, total_spend, home_spend, region_spend, elsewhere_spend, unknown_spend,"
            " home_share, home_and_region_share, target_home_share, gap_to_target, is_baseline, months"
            " FROM mart_local_spend_by_year ORDER BY base, fiscal_year"
        ).fetchall()
        files, loaded, loaded_amount = con.execute(
            "SELECT (SELECT count(*) FROM ledger_files), count(*), coalesce(sum(amount), 0) FROM ledger_transactions"
        ).fetchall()[0]
        quarantined, quarantined_amount = con.execute(
            "SELECT count(*), coalesce(sum(amount), 0) FROM ledger_quarantine"
        ).fetchall()[0]
        unknown = con.execute(
            "SELECT method, spend FROM mart_location_coverage"
            " WHERE fiscal_year = 'all' AND view = 'location' AND ring = 'unknown' ORDER BY spend DESC, method"
        ).fetchall()
        pending = con.execute("SELECT count(*) FROM supplier_match_review WHERE status = 'pending'").fetchall()[0][0]
        top = con.execute(
            "SELECT fiscal_year, top_n, suppliers, home_suppliers, region_suppliers, home_share, home_and_region_share"
            " FROM mart_top_suppliers_summary WHERE base = 'all' ORDER BY fiscal_year"
        ).fetchall()
    influenceable = (
        [
            "",
            f"Influenceable spend: {config.influenceable.describe()}.",
            "",
            _table(_rows([y[1:] for y in years if y[0] == "influenceable"])),
        ]
        if config.influenceable.exclude
        else []
    )
    return "\n".join(
        [
            f"{config.council_name}: spend by financial year",
            f"Home = LADs {', '.join(config.home_lad_codes)}. Region = {config.region_name}, LADs "
            f"{', '.join(config.region_lad_codes)}, home excluded.",
            "Shares are of all loaded spend, credit notes included. Gap = target minus home share. "
            "'n of 12 months': a year the ledger covers in part.",
            "",
            _table(_rows([y[1:] for y in years if y[0] == "all"])),
            *influenceable,
            "",
            *(
                f"Top {n} suppliers, {year}: {suppliers:,} ranked, {home:,} home and {region:,} region; "
                f"home {percent(home_share)}, home+region {percent(ring_share)} of their spend."
                for year, n, suppliers, home, region, home_share, ring_share in top
            ),
            f"Ledger: {files} files; {loaded:,} rows loaded ({money(loaded_amount)}); {quarantined:,} rows quarantined"
            f" ({money(quarantined_amount)} where the amount parses), listed in table ledger_quarantine.",
            "Unknown spend by reason, all years: "
            + (", ".join(f"{method} {money(spend)}" for method, spend in unknown) or "none")
            + " (table mart_location_coverage says what would place each).",
            *(
                [f"{pending:,} candidate supplier matches await review: `spend review` writes them out."]
                if pending
                else []
            ),
            f"Warehouse: {config.warehouse_path}",
            ATTRIBUTION,
        ]
    )
