"""The code location: every asset and check, one job that materialises them all, over one analysis.

`dagster dev` loads the analysis named by $SPEND_CONFIG (the embedded synthetic sample when unset); the `spend`
command builds the same definitions for the file given with --config.
"""

import os
from pathlib import Path

from dagster import Definitions, definitions, in_process_executor

from assets.expectation_suites import SUITES_DIR, expectation_suite_check
from assets.intermediate.locations import located_transactions, one_row_per_ledger_row, supplier_locations
from assets.intermediate.supplier_matching import supplier_matching
from assets.marts.coverage import explains_unknown_spend, location_coverage
from assets.marts.ingest_quality import ingest_quality_report
from assets.marts.local_spend import has_baseline_year, mart_local_spend_by_year, reconciles_with_ledger
from assets.publish.published_runs import published_runs_asset
from assets.staging.companies import companies
from assets.staging.lad_boundaries import lad_boundaries
from assets.staging.ledger import ledger, reconciles_with_files
from assets.staging.postcode_directory import configured_lad_codes_have_postcodes, postcode_directories
from assets.staging.suppliers import supplier_master
from assets.warehouse import Warehouse
from pipelines.config import config_path_from_env, load_config
from pipelines.jobs import spend_job
from pipelines.resources import SpendAnalysis
from pipelines.sensors import landing_sensor

BUILDS = [
    ledger,
    supplier_master,
    postcode_directories,
    lad_boundaries,
    companies,
    supplier_matching,
    supplier_locations,
    located_transactions,
    mart_local_spend_by_year,
    location_coverage,
    ingest_quality_report,
]
#: Every asset: those that build tables, then the step that publishes them all at once.
ASSETS = [*BUILDS, published_runs_asset([key for built in BUILDS for key in built.keys])]
CHECKS = [
    reconciles_with_files,
    one_row_per_ledger_row,
    reconciles_with_ledger,
    has_baseline_year,
    explains_unknown_spend,
    configured_lad_codes_have_postcodes,
    *(expectation_suite_check(suite.stem) for suite in sorted(SUITES_DIR.glob("*.json"))),
]


def build_definitions(config_path: str | os.PathLike[str]) -> Definitions:
    """Definitions for one analysis file; raises ConfigError before anything runs if the file is wrong."""
    config = load_config(config_path)
    return Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[spend_job],
        sensors=[landing_sensor],
        executor=in_process_executor,
        resources={
            "analysis": SpendAnalysis(config_path=str(Path(config_path).resolve())),
            "warehouse": Warehouse(path=str(config.warehouse_path), memory_limit=config.duckdb_memory_limit),
        },
    )


@definitions
def defs() -> Definitions:
    return build_definitions(config_path_from_env())
