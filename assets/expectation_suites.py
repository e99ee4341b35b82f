"""Great Expectations suites from `expectations/<table>.json`, run as Dagster asset checks.

A suite is declared data: its expectations, and in its `meta` whether a failure must block what follows
(`"blocking": true`). Each check reads the columns the suite refers to from DuckDB into pandas and validates them
with GX 1.x in an ephemeral context (GX's SQL datasource does not work on DuckDB). So that memory does not grow
with the table, at most CHUNK_ROWS rows are held at once: expectations on each row alone are validated chunk by
chunk as the rows stream out; a uniqueness expectation on the rows whose values repeat (only those can fail it),
partitioned by a hash of its columns so that equal values meet in one frame; the results are then added up, one
per expectation.
"""

import functools
import json
import keyword
import os
import re
from collections.abc import Iterator
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
    """The columns a suite looks at, in first-mention order, so only those are read into pandas: those its
    expectations name, and those their pandas row conditions name (words outside quotes, bar Python's own)."""
    columns: list[str] = []
    for expectation in suite["expectations"]:
        kwargs = expectation["kwargs"]
        named = [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
        named += [c for k in _COLUMN_LIST_KWARGS for c in kwargs.get(k, [])]
        condition = re.sub(r"'[^']*'|\"[^\"]*\"", "", kwargs.get("row_condition", ""))
        named += [w for w in re.findall(r"[A-Za-z_]\w*", condition) if not keyword.iskeyword(w)]
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


#: Rows of a table a suite holds in pandas at once.
CHUNK_ROWS = 1_000_000
_ROW_LEVEL = {
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_be_between",
}
_UNIQUE = {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"}


def _kind(expectation: dict[str, Any]) -> str:
    """How an expectation can be validated piecewise: 'row' (each row alone), 'unique', or 'whole' (any other
    kind, or one with `mostly`, whose share is of the whole table)."""
    if "mostly" in expectation["kwargs"]:
        return "whole"
    return "row" if expectation["type"] in _ROW_LEVEL else "unique" if expectation["type"] in _UNIQUE else "whole"


def _frames(con, table: str, columns: list[str], expectation: dict[str, Any]) -> Iterator[Any]:
    """The frames `expectation` is validated on: chunks of the rows as they stream for a row-level expectation;
    for a uniqueness one, the rows whose values occur more than once (only those can fail it; DuckDB finds them
    in one pass, GX judges them), in hash partitions of its columns so that equal values meet in one frame; for
    any other (none yet), the whole table."""
    listed = ", ".join(f'"{c}"' for c in columns)
    if _kind(expectation) == "row":
        result, vectors = con.execute(f"SELECT {listed} FROM {table}"), max(1, CHUNK_ROWS // 2048)
        yield result.fetch_df_chunk(vectors)  # even when empty: an empty table is validated too
        while len(frame := result.fetch_df_chunk(vectors)):
            yield frame
        return
    source, partitions = table, 1
    if _kind(expectation) == "unique":
        source = f"(SELECT {listed} FROM {table} QUALIFY count(*) OVER (PARTITION BY {listed}) > 1)"
        partitions = max(1, -(-con.execute(f"SELECT count(*) FROM {source}").fetchall()[0][0] // CHUNK_ROWS))
    for partition in range(partitions):
        yield con.execute(
            f"SELECT {listed} FROM {source} WHERE hash({listed}) % $n = $i", {"n": partitions, "i": partition}
        ).df()


def _summary(expectation: dict[str, Any], result) -> dict[str, Any]:
    """A failed expectation, as declared, with what GX found."""
    return {
        "expectation": expectation["type"],
        "kwargs": expectation["kwargs"],
        "unexpected_count": result.result.get("unexpected_count"),
        "unexpected_examples": [str(v) for v in (result.result.get("partial_unexpected_list") or [])[:5]],
        "observed_value": str(result.result.get("observed_value", "")) or None,
    }


def _add(total: dict[str, Any] | None, part: dict[str, Any]) -> dict[str, Any]:
    """Two frames' failures of one expectation as one: counts added, the first examples and observation kept."""
    if total is None:
        return part
    counts = [c for c in (total["unexpected_count"], part["unexpected_count"]) if c is not None]
    return {
        **total,
        "unexpected_count": sum(counts) if counts else None,
        "unexpected_examples": (total["unexpected_examples"] + part["unexpected_examples"])[:5],
    }


def validate_table(con, table: str, suite: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """Validate warehouse table `table` against `suite`, holding at most CHUNK_ROWS rows in pandas at once; return
    its rows and one summary per failed expectation (none: it passed), counts added over the frames validated."""
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    # expectations validated on the same frames run as one suite: the row-level ones together, the others alone;
    # GX neither keeps a suite's order in its results nor its arguments as written, so each carries its position
    groups: dict[str, list[dict[str, Any]]] = {}
    for n, expectation in enumerate(suite["expectations"]):
        key = "row" if _kind(expectation) == "row" else str(n)
        groups.setdefault(key, []).append({**expectation, "meta": {**expectation.get("meta", {}), "position": n}})
    failed: dict[int, dict[str, Any]] = {}
    for expectations in groups.values():
        part = {**suite, "expectations": expectations}
        for frame in _frames(con, table, suite_columns(part), expectations[0]):
            for result in _run(part, frame).results:
                if not result.success:
                    n = result.expectation_config.meta["position"]
                    failed[n] = _add(failed.get(n), _summary(suite["expectations"][n], result))
    return rows, [failed[n] for n in sorted(failed)]


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
        with warehouse(duckdb) as con:
            rows, failures = validate_table(con, table, suite)
        for failure in failures:
            context.log.error(f"{table}: {failure}")
        return AssetCheckResult(
            passed=not failures,
            severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
            description=None
            if not failures
            else f"{len(failures)} expectation(s) of expectations/{table}.json failed: "
            + "; ".join(f"{f['expectation']} {f['kwargs']} ({f['unexpected_count']} unexpected)" for f in failures),
            metadata={"rows": rows, "expectations": len(suite["expectations"]), "failures": failures},
        )

    return _check
