"""Great Expectations suites from `expectations/<table>.json`, run as Dagster asset checks.

A suite is declared data: its expectations, and in its `meta` whether a failure must block what follows
(`"blocking": true`). Each check reads the table's referenced columns from DuckDB into one pandas frame and
validates it whole with GX 1.x in an ephemeral context (GX's SQL datasource does not work on DuckDB).
"""

import functools
import json
import os
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    asset_check,
)
from dagster_duckdb import DuckDBResource

from assets.sql import warehouse

# GX sends usage analytics unless told not to before it is imported.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

SUITES_DIR = Path(__file__).resolve().parents[1] / "expectations"
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list",)


def read_suite(name: str) -> dict[str, Any]:
    return json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def between_expectation(table: str, column: str) -> dict[str, Any]:
    """The `expect_column_values_to_be_between` expectation of `expectations/<table>.json` on `column`: its
    `kwargs.min_value` and `meta` are thresholds the ingest itself applies, declared once, beside the check that
    reports them."""
    for expectation in read_suite(table)["expectations"]:
        kwargs = expectation["kwargs"]
        if expectation["type"] == "expect_column_values_to_be_between" and kwargs.get("column") == column:
            return expectation
    raise KeyError(f"expectations/{table}.json declares no minimum for {column}")


def suite_columns(suite: dict[str, Any]) -> list[str]:
    """The columns a suite looks at, in first-mention order, so only those are read into pandas."""
    columns: list[str] = []
    for expectation in suite["expectations"]:
        kwargs = expectation["kwargs"]
        named = [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
        named += [c for k in _COLUMN_LIST_KWARGS for c in kwargs.get(k, [])]
        columns += [c for c in named if c not in columns]
    return columns


@functools.cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _run(suite: dict[str, Any], frame, result_format: str = "BASIC"):
    """GX's validation result of `frame` (one whole-dataframe batch) against `suite`."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = _context()
    name = suite["name"]
    source = context.data_sources.add_or_update_pandas(f"{name}_source")
    asset = source.add_dataframe_asset(f"{name}_{len(source.assets)}")
    batch = asset.add_batch_definition_whole_dataframe("whole_table").get_batch(batch_parameters={"dataframe": frame})
    expectations = [
        ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e.get("meta", {})).to_domain_obj()
        for e in suite["expectations"]
    ]
    return batch.validate(gx.ExpectationSuite(name=name, expectations=expectations), result_format=result_format)


def _describe(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "column")}
    return f"{config.type}({config.kwargs.get('column', '')}{''.join(f', {k}={v}' for k, v in kwargs.items())})"


def failed_by_row(suite: dict[str, Any], frame) -> dict[int, list[str]]:
    """For each row position of `frame` that fails a row-level expectation of `suite`, those expectations."""
    failed: dict[int, list[str]] = {}
    for result in _run(suite, frame.reset_index(drop=True), "COMPLETE").results:
        for row in result.result.get("unexpected_index_list") or []:
            failed.setdefault(row, []).append(_describe(result.expectation_config))
    return failed


def validate(suite: dict[str, Any], frame) -> tuple[bool, list[dict[str, Any]]]:
    """Validate `frame` against `suite`; return success and one summary per failed expectation."""
    result = _run(suite, frame)
    failures = [
        {
            "expectation": r.expectation_config.type,
            "kwargs": {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
            "unexpected_count": r.result.get("unexpected_count"),
            "unexpected_examples": [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:5]],
            "observed_value": str(r.result.get("observed_value", "")) or None,
        }
        for r in result.results
        if not r.success
    ]
    return result.success, failures


def expectation_suite_check(table: str) -> AssetChecksDefinition:
    """The asset check that runs `expectations/<table>.json` against warehouse table `table`."""
    suite = read_suite(table)
    blocking = bool(suite.get("meta", {}).get("blocking", False))

    @asset_check(
        asset=table,
        name="expectation_suite",
        blocking=blocking,
        description=f"Great Expectations suite expectations/{table}.json" + (" (blocking)" if blocking else ""),
    )
    def _check(context: AssetCheckExecutionContext, duckdb: DuckDBResource) -> AssetCheckResult:
        columns = ", ".join(f'"{c}"' for c in suite_columns(suite)) or "*"
        with warehouse(duckdb) as con:
            frame = con.execute(f"SELECT {columns} FROM {table}").df()
        success, failures = validate(suite, frame)
        for failure in failures:
            context.log.error(f"{table}: {failure}")
        return AssetCheckResult(
            passed=success,
            severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
            description=None
            if success
            else f"{len(failures)} expectation(s) of expectations/{table}.json failed: "
            + "; ".join(f"{f['expectation']} {f['kwargs']} ({f['unexpected_count']} unexpected)" for f in failures),
            metadata={"rows": len(frame), "expectations": len(suite["expectations"]), "failures": failures},
        )

    return _check
