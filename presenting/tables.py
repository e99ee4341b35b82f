"""The tables the dashboard and the annual report both show, as frames of text: each figure written as its kind is
(£ to the penny, shares to one place), under a label a reader understands, a partial year marked."""

import pandas as pd

from assets.marts.mart_ingest_quality import lacks_altogether
from presenting.published import RING_LABELS, RINGS, Published

BREAKDOWNS = {
    "department": "Department",
    "sic_section": "Sector (SIC section)",
    "supplier_type": "Supplier type",
    "size_band": "Size band",
    "expense_type": "Expense type",
    "category": "Category",
}
LOCAL = {"home": "the home area", "home_and_region": "the home area and the region"}


def base_words(published: Published, base: str) -> str:
    """'all (all payments)': the base and what it holds, said beside every figure."""
    spend = published["mart_local_spend_by_year"]
    return f"{base} ({spend.loc[spend.base == base, 'base_definition'].iloc[0]})"


def _of(frame: pd.DataFrame, **equal) -> pd.DataFrame:
    """The rows of `frame` whose columns equal the values given."""
    for column, value in equal.items():
        frame = frame[frame[column] == value]
    return frame


def years(published: Published, base: str, prefix: str = "") -> pd.DataFrame:
    """Every year on `base`: payments, total, each ring, the shares, the home-share target and the gap."""
    spend = _of(published["mart_local_spend_by_year"], base=base).sort_values("fiscal_year")
    labels = {"fiscal_year": "Year", "payments": "Payments", "total_spend": "Total"}
    labels |= {f"{prefix}{ring}_spend": RING_LABELS[ring] for ring in RINGS}
    labels |= {
        f"{prefix}home_share": "Home %",
        f"{prefix}home_and_region_share": "Home+region %",
        "target_home_share": "Target",
        "gap_to_target": "Gap",
    }
    shown = published.show("mart_local_spend_by_year", spend, labels)
    shown["Year"] = [published.year_label(year) for year in spend.fiscal_year]
    return shown


def top_suppliers_line(published: Published, year: str, base: str) -> str | None:
    """CLES's top-supplier figures in a sentence."""
    summary = _of(published["mart_top_suppliers_summary"], fiscal_year=year, base=base)
    if summary.empty:
        return None
    labels = {"top_n": "n", "home_share": "home", "home_and_region_share": "local", "top_share_of_base": "share"}
    line = published.show("mart_top_suppliers_summary", summary, labels).iloc[0]
    return (
        f"The top {line['n']} suppliers of {published.year_label(year)} took {line['share']} of the spend; "
        f"{line['home']} of theirs went to the home area, {line['local']} to the home area and the region."
    )


def top_suppliers(published: Published, year: str, base: str, limit: int | None = None) -> pd.DataFrame:
    top = _of(published["mart_top_suppliers"], fiscal_year=year, base=base).sort_values("rank").head(limit)
    labels = {
        "rank": "Rank",
        "supplier_name": "Supplier",
        "spend": "Spend",
        "share_of_base": "Share of base",
        "ring": "Ring",
        "office_ring": "Office ring",
        "supplier_type": "Type",
        "sic_section": "Sector",
        "size_band": "Size",
    }
    return published.show("mart_top_suppliers", top, labels)


def breakdown_rows(published: Published, year: str, base: str, dimension: str) -> pd.DataFrame:
    """The mart's rows of one breakdown, largest first (the charts draw them)."""
    rows = _of(published["mart_spend_breakdown"], fiscal_year=year, base=base, dimension=dimension)
    return rows.sort_values("total_spend", ascending=False)


def breakdown(published: Published, year: str, base: str, dimension: str, prefix: str = "") -> pd.DataFrame:
    labels = {
        "value": BREAKDOWNS[dimension],
        "total_spend": "Spend",
        "share_of_base": "Share of base",
        f"{prefix}home_share": "Home %",
        f"{prefix}home_and_region_share": "Home+region %",
    }
    return published.show("mart_spend_breakdown", breakdown_rows(published, year, base, dimension), labels)


def leakage(published: Published, year: str, base: str, limit: int | None = None) -> pd.DataFrame:
    rows = _of(published["mart_leakage"], fiscal_year=year, base=base)
    rows = rows.sort_values("leaving_spend", ascending=False).head(limit)
    labels = {
        "value": "Sector",
        "leaving_spend": "Leaving the region",
        "leaving_share": "Share of sector",
        "share_of_leakage": "Share of all leakage",
        "local_suppliers": "Local firms that could bid",
        "first_local_suppliers": "For example",
    }
    return published.show("mart_leakage", rows, labels)


NO_BOUNDARIES = (
    "No district boundaries are configured, so there is no map: add ONS's LAD boundaries under `boundaries` in the "
    "analysis file. The table gives the spend by district all the same."
)


def districts(published: Published, year: str, base: str) -> pd.DataFrame:
    """Spend by district, with whether the map draws it (a district the boundary files lack is not drawn)."""
    rows = _of(published["mart_spend_by_lad"], fiscal_year=year, base=base)
    names = dict(zip(published.boundaries.lad_code, published.boundaries.lad_name, strict=True))
    labels = {
        "lad_name": "District",
        "lad_code": "Code",
        "ring": "Ring",
        "spend": "Spend",
        "share_of_base": "Share of base",
        "suppliers": "Suppliers",
    }
    shown = published.show("mart_spend_by_lad", rows, labels)
    placed = rows.lad_code.map(lambda code: isinstance(code, str)).to_numpy()
    shown["District"] = [
        name or names.get(code, code) if known else "(not placed)"
        for name, code, known in zip(shown.District, rows.lad_code, placed, strict=True)
    ]
    shown["On the map"] = [
        "yes" if code in names else "no boundary" if known else "no"
        for code, known in zip(rows.lad_code, placed, strict=True)
    ]
    return shown


def unknown_by_reason(published: Published, year: str) -> pd.DataFrame:
    """The spend no supplier could be placed for, by reason, with what would place it (all spend)."""
    rows = _of(published["mart_location_coverage"], fiscal_year=year, view="location", ring="unknown")
    labels = {
        "method": "Reason",
        "spend": "Spend",
        "spend_share": "Share of spend",
        "suppliers": "Suppliers",
        "fix": "What would fix it",
    }
    return published.show("mart_location_coverage", rows.sort_values("spend", ascending=False), labels)


def placed_by(published: Published, year: str) -> pd.DataFrame:
    rows = _of(published["mart_location_coverage"], fiscal_year=year, view="location")
    rows = rows[rows.ring != "unknown"].sort_values("spend", ascending=False)
    labels = {"method": "Placed by", "ring": "Ring", "spend": "Spend", "spend_share": "Share of spend"}
    return published.show("mart_location_coverage", rows, labels)


def last_ingest(published: Published) -> pd.DataFrame:
    runs = published["published_runs"].sort_values("published_at").tail(1)
    labels = {
        "ledger_files": "Files",
        "loaded_rows": "Rows loaded",
        "loaded_amount": "Money loaded",
        "quarantined_rows": "Rows quarantined",
        "quarantined_amount": "Money quarantined",
    }
    return published.show("published_runs", runs, labels)


def fields_lacking(published: Published) -> str:
    """The optional fields no file of the ledger fills, in a sentence (none from a snapshot too old to say)."""
    files = published["mart_ingest_quality"]
    if "fields_missing" not in files.columns:
        return ""
    lacking = lacks_altogether(files.to_dict("records"))
    if not lacking:
        return "Every optional field of the ledger is filled by some file."
    return f"The ledger lacks altogether: {', '.join(lacking)} (no file fills them; what uses them cannot)."


def files_not_loaded_whole(published: Published) -> pd.DataFrame:
    files = published["mart_ingest_quality"]
    labels = {
        "source_file": "File",
        "status": "Status",
        "loaded_rows": "Loaded",
        "quarantined_rows": "Quarantined",
        "quarantined_by_reason": "Why",
        "failed_expectations": "Failed expectations",
        "fields_missing": "Fields it lacks",
    }
    return published.show("mart_ingest_quality", files[files.status != "loaded"], labels)


def living_wage(published: Published, base: str) -> pd.DataFrame:
    rows = _of(published["mart_living_wage"], base=base).sort_values("fiscal_year")
    labels = {
        "fiscal_year": "Year",
        "accredited_spend": "Accredited spend",
        "accredited_share": "Share of base",
        "accredited_employers_paid": "Employers paid",
    }
    return published.show("mart_living_wage", rows, labels)


def quotations(published: Published) -> pd.DataFrame:
    rows = _of(published["mart_quote_compliance_by_year"], department="(all departments)").sort_values("fiscal_year")
    labels = {
        "fiscal_year": "Year",
        "exercises": "Exercises",
        "compliant_home": "Home invitee",
        "compliant_region": "Region invitee",
        "breaches": "Breaches",
        "not_known": "Not known",
        "compliant_share": "Compliant share",
        "breach_value": "Value in breach",
    }
    return published.show("mart_quote_compliance_by_year", rows, labels)


def contracts(published: Published) -> pd.DataFrame:
    labels = {
        "contract_id": "Contract",
        "supplier_name": "Supplier",
        "contract_value": "Value",
        "committed_value": "Committed",
        "delivered_value": "Delivered",
        "verified_value": "Verified",
        "returns_missing": "Returns missing",
        "policy_breach": "Breach",
    }
    return published.show("mart_contract_social_value", published["mart_contract_social_value"], labels)


def social_value_by_measure(published: Published, year: str) -> pd.DataFrame:
    """The year's social value by outcome and measure: committed, delivered (declared) and verified, in £."""
    rows = _of(published["mart_social_value_by_outcome"], fiscal_year=year, quarter="year")
    labels = {
        "outcome_title": "Outcome",
        "measure_title": "Measure",
        "committed_value": "Committed",
        "delivered_value": "Delivered",
        "verified_value": "Verified",
        "pending_returns": "Returns awaiting verification",
    }
    return published.show("mart_social_value_by_outcome", rows.sort_values(["outcome_id", "measure_id"]), labels)


def lm3(published: Published, base: str, area: str) -> pd.DataFrame:
    rows = _of(published["mart_lm3"], base=base, area=area, dimension="overall").sort_values("fiscal_year")
    labels = {
        "fiscal_year": "Year",
        "r1": "R1",
        "r2": "R2",
        "r3": "R3",
        "lm3": "LM3",
        "coverage": "Survey coverage of R2",
        "non_respondents": "Not surveyed",
    }
    shown = published.show("mart_lm3", rows, labels)
    shown["Year"] = [published.year_label(year) for year in rows.fiscal_year]
    return shown
