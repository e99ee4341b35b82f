"""The code location: every asset and check, one job that materialises them all, over one analysis.

`dagster dev` loads the analysis named by $SPEND_CONFIG (the embedded synthetic sample when unset); the `spend`
command builds the same definitions for the file given with --config.
"""

import os

from dagster import Definitions, definitions, in_process_executor

from assets.expectation_suites import SUITES_DIR, expectation_suite_check
from assets.intermediate.located_transactions import located_transactions, one_row_per_ledger_row
from assets.intermediate.supplier_locations import supplier_locations
from assets.intermediate.supplier_matching import supplier_matching
from assets.intermediate.supply_chain import supply_chain
from assets.marts.mart_contract_social_value import mart_contract_social_value, social_value_adds_up
from assets.marts.mart_ingest_quality import mart_ingest_quality
from assets.marts.mart_leakage import leakage_adds_up, mart_leakage
from assets.marts.mart_living_wage import living_wage_adds_up, mart_living_wage
from assets.marts.mart_lm3 import mart_lm3, supply_chain_adds_up
from assets.marts.mart_local_spend_by_year import has_baseline_year, mart_local_spend_by_year, reconciles_with_ledger
from assets.marts.mart_location_coverage import explains_unknown_spend, mart_location_coverage
from assets.marts.mart_quote_compliance import mart_quote_compliance, quote_compliance_adds_up
from assets.marts.mart_spend_breakdown import breakdown_adds_up, mart_spend_breakdown
from assets.marts.mart_spend_by_lad import mart_spend_by_lad, spend_by_lad_adds_up
from assets.marts.mart_target_progress import mart_target_progress
from assets.marts.mart_top_suppliers import mart_top_suppliers, top_suppliers_add_up
from assets.publish.annual_report import annual_report
from assets.publish.closed_year_figures import closed_year_figures_asset, closed_years_unchanged
from assets.publish.published_runs import published_runs_asset
from assets.staging.companies import companies
from assets.staging.lad_boundaries import lad_boundaries
from assets.staging.ledger import ledger, reconciles_with_files
from assets.staging.living_wage_employers import living_wage_employers
from assets.staging.postcode_directory import configured_lad_codes_have_postcodes, postcode_directories
from assets.staging.quotations import quotations
from assets.staging.social_value import social_value
from assets.staging.suppliers import suppliers
from core.config import analysis_path, load_config
from pipelines.jobs import annual_job, spend_job
from pipelines.resources import analysis_resources
from pipelines.schedules import build_schedules
from pipelines.sensors import landing_sensor, portal_sensor

#: The tables analysts publish: every figure of a closed year among them is frozen (closed_year_figures).
MARTS = [
    mart_local_spend_by_year,
    mart_top_suppliers,
    mart_spend_breakdown,
    mart_spend_by_lad,
    mart_leakage,
    mart_location_coverage,
    mart_target_progress,
    mart_living_wage,
    mart_quote_compliance,
    mart_contract_social_value,
    mart_lm3,
    mart_ingest_quality,
]
#: Marts whose closed years are not frozen figure by figure: every supplier's every figure would multiply the frozen
#: rows by the suppliers paid, while its totals are frozen in mart_local_spend_by_year and its head in
#: mart_top_suppliers.
UNFROZEN = {"mart_supplier_spend"}
BUILDS = [
    ledger,
    suppliers,
    postcode_directories,
    lad_boundaries,
    companies,
    living_wage_employers,
    quotations,
    social_value,
    supplier_matching,
    supply_chain,
    supplier_locations,
    located_transactions,
    *MARTS,
    closed_year_figures_asset([key for mart in MARTS for key in mart.keys if key.to_user_string() not in UNFROZEN]),
]
#: What the snapshot that readers use (the dashboard, the report, the exports, the portal's sync) holds, besides
#: published_runs: the marts, the frozen figures of closed years, the lines and matches analysts act on, the districts
#: the map draws, and the contracts' commitments the portal offers.
SNAPSHOT = [
    *(key.to_user_string() for mart in MARTS for key in mart.keys),
    *("closed_year_figures", "closed_year_changes", "restatements", "annual_report"),
    *("ledger_quarantine", "supplier_quarantine", "living_wage_quarantine", "quotation_quarantine"),
    *("contract_quarantine", "commitment_quarantine", "return_quarantine", "survey_quarantine"),
    "subcontract_quarantine",
    *("supplier_match_review", "lad_names", "lad_boundaries", "commitments"),
]
#: What a refresh (the spend job) materialises: the assets that build tables, then the step that publishes them all.
REFRESH = [*BUILDS, published_runs_asset([key for built in BUILDS for key in built.keys], SNAPSHOT)]
#: Every asset: a refresh's, and the annual run's report files.
ASSETS = [*REFRESH, annual_report]
CHECKS = [
    reconciles_with_files,
    one_row_per_ledger_row,
    reconciles_with_ledger,
    has_baseline_year,
    top_suppliers_add_up,
    breakdown_adds_up,
    spend_by_lad_adds_up,
    leakage_adds_up,
    explains_unknown_spend,
    closed_years_unchanged,
    living_wage_adds_up,
    quote_compliance_adds_up,
    social_value_adds_up,
    supply_chain_adds_up,
    configured_lad_codes_have_postcodes,
    *(expectation_suite_check(suite.stem) for suite in sorted(SUITES_DIR.glob("*.json"))),
]


def build_definitions(config_path: str | os.PathLike[str]) -> Definitions:
    """Definitions for one analysis file; raises ConfigError before anything runs if the file is wrong."""
    return Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[spend_job, annual_job],
        schedules=build_schedules(load_config(config_path)),
        sensors=[landing_sensor, portal_sensor],
        executor=in_process_executor,
        resources=analysis_resources(config_path),
    )


@definitions
def defs() -> Definitions:
    return build_definitions(analysis_path())
