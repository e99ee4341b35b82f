"""The reports in words, from a warehouse's published tables: the headline table of local spend by financial year
(`spend run`, `spend report`), and the twelve-month review of each target year against its target (`spend report
--progress`); the annual run writes both as files (annual_report.py)."""

import duckdb

from core.config import AnalysisConfig
from core.formatting import money, percent, points
from core.sql import columns_of

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


def restated_years(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each closed year whose published figures were restated, with when and why, in words."""
    if not columns_of(con, "restatements"):
        return {}
    return {
        year: "; ".join(f"restated {when:%Y-%m-%d}: {reason} ({figures} figures)" for when, reason, figures in events)
        for year, events in con.execute(
            "SELECT fiscal_year, list((published_at, reason, figures) ORDER BY published_at) FROM (SELECT fiscal_year,"
            " published_at, reason, count(*) AS figures FROM restatements WHERE published_by_run IS NOT NULL"
            " GROUP BY ALL) GROUP BY fiscal_year ORDER BY fiscal_year"
        ).fetchall()
    }


def _living_wage(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The share of spend with accredited Living Wage employers by year, when the analysis lists them."""
    if not columns_of(con, "mart_living_wage"):
        return []
    years = con.execute(
        "SELECT fiscal_year, accredited_share, accredited_employers_paid FROM mart_living_wage WHERE base = 'all'"
        " ORDER BY fiscal_year"
    ).fetchall()
    if not years:
        return []
    unmatched = con.execute("SELECT count(*) FROM mart_living_wage_employers WHERE match_method IS NULL").fetchall()
    return [
        "Spend with accredited Living Wage employers: "
        + ", ".join(f"{year} {percent(share)} ({paid} paid)" for year, share, paid in years)
        + (
            f"; {unmatched[0][0]} listed employer(s) match no payee (mart_living_wage_employers)."
            if unmatched[0][0]
            else "."
        )
    ]


def _procurement_rules(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Quotations against the local-quote rule by year, and contracts against the social value rule, when the
    analysis lists them."""
    lines = []
    if columns_of(con, "mart_quote_compliance_by_year"):
        years = con.execute(
            "SELECT fiscal_year, exercises, compliant_home + compliant_region, breaches, not_known"
            " FROM mart_quote_compliance_by_year WHERE department = '(all departments)' ORDER BY fiscal_year"
        ).fetchall()
        if years:
            lines.append(
                "Written quotations with a local invitee (home, else region): "
                + ", ".join(
                    f"{year} {kept} of {n}"
                    + (f", {breaches} in breach" if breaches else "")
                    + (f", {unknown} not known" if unknown else "")
                    for year, n, kept, breaches, unknown in years
                )
                + " (mart_quote_compliance)."
            )
    if columns_of(con, "mart_contract_social_value"):
        contracts, over, breaches, committed, delivered, verified, missing = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE over_threshold), count(*) FILTER (WHERE policy_breach),"
            " sum(committed_value), sum(delivered_value), sum(verified_value), sum(returns_missing)"
            " FROM mart_contract_social_value"
        ).fetchall()[0]
        if contracts:
            lines.append(
                f"Social value: {contracts} contracts, {over} over the threshold, {breaches} of them without "
                f"commitments; committed {money(committed)}, delivered {money(delivered)}, verified "
                f"{money(verified)}; {missing} quarterly returns missing (mart_contract_social_value)."
            )
    return lines


def _lm3(con: duckdb.DuckDBPyConnection) -> list[str]:
    """LM3 for the home area by year, with the surveys' coverage and the method, when suppliers were surveyed."""
    if (
        not columns_of(con, "supplier_surveys")
        or not con.execute("SELECT count(*) FROM supplier_surveys").fetchall()[0][0]
    ):
        return []
    years = con.execute(
        "SELECT fiscal_year, lm3, coverage, non_respondents FROM mart_lm3"
        " WHERE base = 'all' AND area = 'home' AND dimension = 'overall' ORDER BY fiscal_year"
    ).fetchall()
    return [
        "LM3, home area, all spend (surveys' coverage of R2; non-surveyed suppliers: "
        + (years[0][3] if years else "exclude")
        + "): "
        + ", ".join(f"{year} {lm3:.2f} ({percent(coverage or 0)})" for year, lm3, coverage, _ in years)
        + " (mart_lm3)."
    ]


def _rows(years: list[tuple], restated: dict[str, str]) -> list[tuple[str, ...]]:
    """The header and one line of text per year of mart_local_spend_by_year."""
    return [_COLUMNS] + [
        (
            year
            + (" (baseline)" if is_baseline else "")
            + (" (restated)" if year in restated else "")
            + (f", {months} of 12 months" if months < 12 else ""),
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


def headline(con: duckdb.DuckDBPyConnection, config: AnalysisConfig) -> str:
    """The mart, one line per year, with the rows behind it and where the warehouse is."""
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
    restated = restated_years(con)
    living_wage = _living_wage(con) + _procurement_rules(con) + _lm3(con)
    top = con.execute(
        "SELECT fiscal_year, top_n, suppliers, home_suppliers, region_suppliers, home_share, home_and_region_share"
        " FROM mart_top_suppliers_summary WHERE base = 'all' ORDER BY fiscal_year"
    ).fetchall()
    influenceable = (
        [
            "",
            f"Influenceable spend: {config.influenceable.describe()}.",
            "",
            _table(_rows([y[1:] for y in years if y[0] == "influenceable"], restated)),
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
            _table(_rows([y[1:] for y in years if y[0] == "all"], restated)),
            *influenceable,
            "",
            *(
                f"Top {n} suppliers, {year}: {suppliers:,} ranked, {home:,} home and {region:,} region; "
                f"home {percent(home_share)}, home+region {percent(ring_share)} of their spend."
                for year, n, suppliers, home, region, home_share, ring_share in top
            ),
            *living_wage,
            *(f"{year}: {what}." for year, what in restated.items()),
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


MEASURE_NAMES = {
    "home_share": "Home share",
    "home_and_region_share": "Home+region share",
    "sme_share": "SME share",
    "vcse_share": "VCSE share",
}
_PROGRESS_COLUMNS = ("Year", "State", "Target", "Actual", "Projected (range)", "Change since baseline", "Outlook")


def progress(con: duckdb.DuckDBPyConnection, config: AnalysisConfig) -> str:
    """The twelve-month review: for each measure and base, the baseline year and every year since with spend,
    its target, the actual share (or, for a year in progress, the projection and its range) and the change since
    the baseline; then the target years still to come and the method of each projection."""
    cursor = con.execute(
        "SELECT measure, base, base_definition, fiscal_year, is_baseline, year_state, months, target_share,"
        " target_basis, share_to_date, projected_share, projected_low, projected_high, projection_method,"
        " change_since_baseline, outlook FROM mart_target_progress"
        " ORDER BY base, list_position(['home_share', 'home_and_region_share', 'sme_share', 'vcse_share'],"
        " measure), fiscal_year"
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    published = con.execute("SELECT max(published_at) FROM published_runs").fetchall()[0][0]
    restated = restated_years(con)
    lines = [
        f"{config.council_name}: progress against the targets, baseline {config.baseline_year}",
        f"As published {published:%Y-%m-%d %H:%M} UTC. Shares of the spend on each base; a year the ledger covers in "
        "part is projected to its year end. 'Change since baseline' compares the actual (or projected) share with the "
        "baseline year's.",
    ]
    series: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        series.setdefault((row["measure"], row["base"]), []).append(row)
    for (measure, base), years in series.items():
        shown = [y for y in years if y["months"] > 0]
        table = [_PROGRESS_COLUMNS] + [
            (
                y["fiscal_year"]
                + (" (baseline)" if y["is_baseline"] else "")
                + (" (restated)" if y["fiscal_year"] in restated else ""),
                y["year_state"] + ("" if y["months"] == 12 else f", {y['months']} of 12 months"),
                percent(y["target_share"]),
                percent(y["share_to_date"]) + ("" if y["months"] == 12 else " to date"),
                _projection(y),
                "" if y["is_baseline"] else points(y["change_since_baseline"]),
                y["outlook"] or "",
            )
            for y in shown
        ]
        definition = next((y["base_definition"] for y in years if y["base_definition"]), "no payments yet")
        lines += ["", f"{MEASURE_NAMES[measure]}, {base} base ({definition})", "", _table(table)]
        lines += [
            f"{y['fiscal_year']}: target {percent(y['target_share'])} ({y['target_basis']}), not started."
            for y in years
            if y["months"] == 0 and y["target_share"] is not None
        ]
        lines += [
            f"{y['fiscal_year']}: projected by the {y['projection_method']}." for y in shown if y["projection_method"]
        ]
    lines += [""] + [f"{year}: {what}." for year, what in restated.items()]
    lines += [f"Warehouse: {config.warehouse_path}"]
    return "\n".join(lines)


def _projection(year: dict) -> str:
    if year["projected_share"] is None:
        return ""
    if year["projected_low"] is None:
        return percent(year["projected_share"])
    return f"{percent(year['projected_share'])} ({percent(year['projected_low'])}-{percent(year['projected_high'])})"
