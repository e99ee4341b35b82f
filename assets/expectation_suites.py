"""Great Expectations suites from `expectations/<table>.json`, run as Dagster asset checks.

A suite is declared data: its expectations, and in its `meta` whether a failure must block what follows
(`"blocking": true`). Each check reads the columns the suite refers to from DuckDB into pandas and validates them
with GX 1.x in an ephemeral context (GX's SQL datasource does not work on DuckDB). So that memory does not grow
with the table, at most CHUNK_ROWS rows are held at once: expectations on each row alone are validated chunk by
chunk as the rows stream out (for not-null and in-set ones, only the rows DuckDB finds can fail them); a
uniqueness expectation on the rows whose values repeat (only those can fail it), partitioned by a hash of its
columns so that equal values meet in one frame; the results are then added up, one per expectation. GX judges
every row it is given; DuckDB only leaves out rows that cannot fail.

A table with a source_file column is validated in slices, one per file, a few files to a batch; what each batch
found is kept in the warehouse (table pipeline_state.expectation_suite_results) under a key of its rows' content,
so the next check validates again only files whose rows changed: after a new month lands, that month's rows. An
expectation one file cannot answer alone (uniqueness across files, or any with `mostly`) is judged on the whole
table, again whenever any file changed. A suite whose `meta` says `shared_by_analyses` (a table read from the
machine's cache, the same in every analysis) also keeps what it found on the machine (core/cache.py), so a new
analysis does not validate the same postcode directory again.
"""

import contextlib
import functools
import importlib.metadata
import json
import keyword
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    ConfigurableResource,
    InitResourceContext,
    asset_check,
)

from assets.fingerprints import fingerprint
from core.cache import cached_file, keep_text_in_cache
from core.sql import sql_literal, state_table
from core.warehouse import Warehouse

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


_CONTEXT_LOCK = threading.Lock()


def _context():
    """The one ephemeral GX context of this process (made by whichever thread asks first)."""
    with _CONTEXT_LOCK:
        return _new_context()


@functools.cache
def _new_context():
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


#: Column types whose values pandas never reads as null unless DuckDB's are NULL (a DOUBLE's NaN would be).
_NULL_ONLY_WHEN_NULL = re.compile(r"VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DECIMAL\(\d+,\d+\)")


def _candidates(expectation: dict[str, Any], types: dict[str, str]) -> str | None:
    """A DuckDB condition that holds on every row a row-level `expectation` can fail, so that GX need judge only
    those rows (as DuckDB finds the repeated values for a uniqueness one); None where no condition is sure to hold
    on them all: then GX judges every row. Its failures are the same either way: GX counts and lists the rows it
    fails, in order, and every one is among those read."""
    kwargs = expectation["kwargs"]
    column = kwargs.get("column")
    if _kind(expectation) != "row" or not _NULL_ONLY_WHEN_NULL.fullmatch(types.get(column, "")):
        return None
    quoted = '"' + column.replace('"', '""') + '"'
    if expectation["type"] == "expect_column_values_to_not_be_null":
        return f"{quoted} IS NULL"
    if expectation["type"] == "expect_column_values_to_be_null":
        return f"{quoted} IS NOT NULL"
    values = kwargs.get("value_set")
    if (
        expectation["type"] == "expect_column_values_to_be_in_set"
        and types[column] == "VARCHAR"
        and values
        and all(isinstance(v, str) for v in values)
    ):  # nulls are not judged by GX: reading them too is harmless
        return f"{quoted} IS NULL OR {quoted} NOT IN ({', '.join(sql_literal(v) for v in values)})"
    return None


def _frames(
    con, source: str, params: dict[str, Any], columns: list[str], expectation: dict[str, Any], where: str
) -> Iterator[Any]:
    """The frames `expectation` is validated on, from `source` (a table or subquery, with `params`): chunks of the
    rows as they stream for a row-level expectation (those `where` holds on); for a uniqueness one, the rows whose
    values occur more than once (only those can fail it; DuckDB finds them in one pass, GX judges them), in hash
    partitions of its columns so that equal values meet in one frame; for any other, all of `source`."""
    listed = ", ".join(f'"{c}"' for c in columns)
    if _kind(expectation) == "row":
        result = con.execute(f"SELECT {listed} FROM {source} WHERE {where}", params)
        vectors = max(1, CHUNK_ROWS // 2048)
        yield result.fetch_df_chunk(vectors)  # even when empty: an empty table is validated too
        while len(frame := result.fetch_df_chunk(vectors)):
            yield frame
        return
    partitions = 1
    if _kind(expectation) == "unique":
        source = f"(SELECT {listed} FROM {source} QUALIFY count(*) OVER (PARTITION BY {listed}) > 1)"
        partitions = max(1, -(-con.execute(f"SELECT count(*) FROM {source}", params).fetchall()[0][0] // CHUNK_ROWS))
    for partition in range(partitions):
        yield con.execute(
            f"SELECT {listed} FROM {source} WHERE hash({listed}) % $n = $i", {**params, "n": partitions, "i": partition}
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


def _validate(
    con,
    source: str,
    params: dict[str, Any],
    suite: dict[str, Any],
    expectations: list[dict[str, Any]],
    types: dict[str, str],
) -> dict[int, dict[str, Any]]:
    """The failures of `source` (whose columns have DuckDB `types`) against `expectations` (of `suite`, each with
    its position there in meta "position"), by position, counts added over the frames validated. Expectations
    validated on the same frames run as one suite: the row-level ones together (on the rows any of them can fail,
    when DuckDB can tell which: `_candidates`), the others alone."""
    groups: dict[str, list[dict[str, Any]]] = {}
    conditions: list[str] = []  # the rows the "candidates" group can fail
    for expectation in expectations:
        if (condition := _candidates(expectation, types)) is not None:
            key = "candidates"
            conditions.append(f"({condition})")
        else:
            key = "row" if _kind(expectation) == "row" else str(expectation["meta"]["position"])
        groups.setdefault(key, []).append(expectation)
    failed: dict[int, dict[str, Any]] = {}
    for key, expectations in groups.items():
        part = {**suite, "expectations": expectations}
        where = " OR ".join(conditions) if key == "candidates" else "true"
        for frame in _frames(con, source, params, suite_columns(part), expectations[0], where):
            for result in _run(part, frame).results:
                if not result.success:
                    n = int(result.expectation_config.meta["position"])
                    failed[n] = _add(failed.get(n), _summary(suite["expectations"][n], result))
    return failed


#: A table with this column is validated in slices of its rows, one per value (one per ledger file); any other
#: table is one slice.
SLICE_COLUMN = "source_file"


class Validation(NamedTuple):
    rows: int
    failures: list[dict[str, Any]]
    rows_validated: int  # rows of the slices validated this time: the others' results were remembered


@dataclass
class _Batch:
    """Slices validated together ('sliced' part: expectations each slice answers alone) or the whole table
    ('whole' part), with their content keys and, once known, the failures found."""

    part: str
    slices: dict[str | None, str]
    failures: dict[int, dict[str, Any]] | None = None


def _sliceable(expectation: dict[str, Any], sliced_by: str | None) -> bool:
    """Whether the expectation can be judged slice by slice: any, when the table is one slice; else a row-level
    one, or a uniqueness one over columns that include the slice column (equal values share a slice)."""
    columns = [expectation["kwargs"].get("column"), *expectation["kwargs"].get("column_list", [])]
    kind = _kind(expectation)
    return sliced_by is None or kind == "row" or (kind == "unique" and sliced_by in columns)


def _slices(con, table: str, columns: list[str], sliced_by: str | None) -> dict[str | None, tuple[int, str]]:
    """Each slice's rows and a key of its content: the rows and the sum of their hashes over the suite's columns
    (the multiset of what the suite looks at). A table with no rows has no slices."""
    by = f'"{sliced_by}"' if sliced_by else "''"
    hashed = f"hash({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)})" if columns else "0"
    return {
        value: (rows, f"{rows}:{total}")
        for value, rows, total in con.execute(
            f"SELECT {by}, count(*), CAST(sum(CAST({hashed} AS HUGEINT)) AS VARCHAR) FROM {table} GROUP BY 1"
        ).fetchall()
    }


def _plan(part: str, current: dict[str | None, tuple[int, str]], remembered: list[_Batch]) -> list[_Batch]:
    """The batches covering every current slice: remembered ones whose slices are all still there with the same
    content, then the rest packed into batches of up to CHUNK_ROWS rows (a slice is never split). The 'whole' part is
    one batch of all slices, remembered only if nothing changed."""
    keys = {value: key for value, (_, key) in current.items()}
    if part == "whole":
        return [next((b for b in remembered if b.slices == keys), _Batch(part, keys))]
    if not current:  # an empty table is validated too, once
        return [next((b for b in remembered if not b.slices), _Batch(part, {}))]
    batches, covered = [], set()
    for batch in remembered:
        if batch.slices and all(keys.get(v) == k and v not in covered for v, k in batch.slices.items()):
            batches.append(batch)
            covered |= set(batch.slices)
    fresh: list[_Batch] = []
    rows = 0
    for value in sorted((v for v in current if v not in covered), key=lambda v: (v is not None, v or "")):
        if not fresh or rows + current[value][0] > CHUNK_ROWS:
            fresh.append(_Batch(part, {}))
            rows = 0
        fresh[-1].slices[value] = keys[value]
        rows += current[value][0]
    return batches + fresh


def _batch_source(table: str, sliced_by: str | None, batch: _Batch) -> tuple[str, dict[str, Any]]:
    if sliced_by is None or batch.part == "whole":
        return table, {}
    values = [v for v in batch.slices if v is not None]
    null = f' OR "{sliced_by}" IS NULL' if None in batch.slices else ""
    return (
        f'(SELECT * FROM {table} WHERE list_contains(CAST($slices AS VARCHAR[]), "{sliced_by}"){null})',
        {"slices": values},
    )


def _suite_key(suite: dict[str, Any], schema: list[tuple]) -> str:
    """What the remembered results of a suite depend on besides the rows: the suite, the table's columns and the
    code that runs it."""
    gx_version = importlib.metadata.version("great_expectations")  # not imported: a check may need no GX at all
    return fingerprint("expectation_suites", suite, schema, gx_version)


def _results_table(con) -> str:
    """The bookkeeping table remembering what each suite found in each batch of slices, by the slices' content."""
    table = state_table(con, "expectation_suite_results")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {table}"
        " (table_name VARCHAR, suite_key VARCHAR, part VARCHAR, slices VARCHAR, failures VARCHAR)"
    )
    return table


def _remembered(con, table: str, suite_key: str) -> list[_Batch]:
    return [
        _Batch(part, {v: k for v, k in json.loads(slices)}, {int(n): f for n, f in json.loads(failures).items()})
        for part, slices, failures in con.execute(
            f"SELECT part, slices, failures FROM {_results_table(con)} WHERE table_name = ? AND suite_key = ?",
            [table, suite_key],
        ).fetchall()
    ]


def _remember(con, table: str, suite_key: str, batches: list[_Batch]) -> None:
    results = _results_table(con)
    con.execute(f"DELETE FROM {results} WHERE table_name = ?", [table]).fetchall()
    con.executemany(
        f"INSERT INTO {results} VALUES (?, ?, ?, ?, ?)",
        [[table, suite_key, b.part, json.dumps(list(b.slices.items())), json.dumps(b.failures)] for b in batches],
    )


def _remembered_on_machine(table: str, suite_key: str) -> list[_Batch]:
    """What the suite found in the table in any analysis of this machine (core/cache.py), for suites whose meta
    says `shared_by_analyses`: tables read from the machine's cache, the same in every analysis."""
    try:
        kept = json.loads(cached_file(f"expectation_suite_results/{table}", suite_key, ".json").read_text())
    except (OSError, ValueError):
        return []
    return [_Batch(b["part"], dict(b["slices"]), {int(n): f for n, f in b["failures"].items()}) for b in kept]


def _remember_on_machine(table: str, suite_key: str, batches: list[_Batch]) -> None:
    kept = [{"part": b.part, "slices": list(b.slices.items()), "failures": b.failures} for b in batches]
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time, never the run
        keep_text_in_cache(f"expectation_suite_results/{table}", suite_key, json.dumps(kept))


def validate_table(con, table: str, suite: dict[str, Any]) -> Validation:
    """Validate warehouse table `table` against `suite`, holding at most CHUNK_ROWS rows in pandas at once; return
    its rows, one summary per failed expectation (none: it passed), counts added over the frames validated, and
    how many rows were read this time. What was found in slices whose content is unchanged since the last
    validation under the same suite and code is remembered (pipeline_state.expectation_suite_results), not
    validated again."""
    columns = suite_columns(suite)
    schema = [r[:2] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    sliced_by = SLICE_COLUMN if SLICE_COLUMN in {name for name, _ in schema} else None
    current = _slices(con, table, columns, sliced_by)
    # GX neither keeps a suite's order in its results nor its arguments as written, so each carries its position
    positioned = [{**e, "meta": {**e.get("meta", {}), "position": n}} for n, e in enumerate(suite["expectations"])]
    parts = {
        "sliced": [e for e in positioned if _sliceable(e, sliced_by)],
        "whole": [e for e in positioned if not _sliceable(e, sliced_by)],
    }
    suite_key = _suite_key(suite, schema)
    remembered = _remembered(con, table, suite_key)
    shared = bool(suite.get("meta", {}).get("shared_by_analyses"))
    if shared:  # the same content in any analysis of this machine: what a suite found in it is kept there too
        remembered += _remembered_on_machine(table, suite_key)
    batches, validated = [], set()
    for part, expectations in parts.items():
        if not expectations:
            continue
        for batch in _plan(part, current, [b for b in remembered if b.part == part]):
            if batch.failures is None:
                source, params = _batch_source(table, sliced_by, batch)
                batch.failures = _validate(con, source, params, suite, expectations, dict(schema))
                validated |= set(batch.slices)
            batches.append(batch)
    _remember(con, table, suite_key, batches)
    if shared and validated:
        _remember_on_machine(table, suite_key, batches)
    failed: dict[int, dict[str, Any]] = {}
    for batch in sorted(batches, key=lambda b: (b.part, sorted(map(str, b.slices)))):
        for n, failure in batch.failures.items():
            failed[n] = _add(failed.get(n), failure)
    rows = sum(rows for rows, _ in current.values())
    return Validation(rows, [failed[n] for n in sorted(failed)], sum(current[v][0] for v in validated))


class GreatExpectations(ConfigurableResource):
    """Great Expectations, started as a run begins: importing it and making its context take about 2.5 s, which a
    thread does while the run's first steps leave the interpreter free (DuckDB works outside it), instead of the
    first suite with rows to validate waiting for it."""

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # Importing GX imports sqlalchemy.orm, which registers an inspector for every object with SQLAlchemy;
        # while the thread is still inside that import, the run's own SQLAlchemy queries (Dagster's storage:
        # `column.in_([])`) call the inspector and fail on the half-imported `sqlalchemy.orm.exc`. So the orm
        # is imported here, whole, first (0.05 s).
        import sqlalchemy.orm  # noqa: F401

        threading.Thread(target=_context, name="great-expectations-start", daemon=True).start()


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
    def _check(
        context: AssetCheckExecutionContext, warehouse: Warehouse, great_expectations: GreatExpectations
    ) -> AssetCheckResult:
        # great_expectations is asked for so that Dagster starts it as the run begins; validate_table uses it
        with warehouse.connection() as con:
            rows, failures, rows_validated = validate_table(con, table, suite)
        context.log.info(f"{table}: {rows_validated} of {rows} rows validated; the rest unchanged since validated")
        for failure in failures:
            context.log.error(f"{table}: {failure}")
        return AssetCheckResult(
            passed=not failures,
            severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
            description=None
            if not failures
            else f"{len(failures)} expectation(s) of expectations/{table}.json failed: "
            + "; ".join(f"{f['expectation']} {f['kwargs']} ({f['unexpected_count']} unexpected)" for f in failures),
            metadata={
                "rows": rows,
                "rows validated this run": rows_validated,
                "expectations": len(suite["expectations"]),
                "failures": failures,
            },
        )

    return _check
