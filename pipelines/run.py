"""Running one analysis's spend job as `spend run` does, for the command line and for the national run's councils:
on the analysis's own Dagster instance, with Dagster's console quiet unless asked, and what came of it in plain
lines: whether it published, what failed, what its steps warned of."""

from dataclasses import dataclass, field
from pathlib import Path

from core.config import load_config


@dataclass
class RunOutcome:
    run_id: str
    published: bool  # every asset built and every blocking check passed (a non-blocking one may have failed)
    problems: list[str] = field(default_factory=list)  # failed steps and checks
    notes: list[str] = field(default_factory=list)  # what the steps warned of (without --verbose)


def run_analysis(config_file: Path, as_of: str | None = None, verbose: bool = False) -> RunOutcome:
    """Run the analysis's spend job in process, recorded on its own instance (its runs never meet another
    council's)."""
    from assets.publish.published_runs import was_published
    from core.as_of import AS_OF_TAG
    from pipelines.definitions import build_definitions
    from pipelines.instance import analysis_instance

    config = load_config(config_file)
    defs = build_definitions(config_file)
    log_level = "DEBUG" if verbose else "CRITICAL"  # without --verbose, what the steps warned of is said as notes
    with analysis_instance(config) as instance:
        result = defs.resolve_job_def("spend").execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={AS_OF_TAG: as_of} if as_of else None,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        notes = [] if verbose else _warnings(instance, result.run_id)
    published = was_published(config.warehouse_path, result.run_id)
    return RunOutcome(result.run_id, published, failures(result), notes)


def failures(result) -> list[str]:
    """What made a run fail: failed steps with their error, failed checks with what they found, else the run's own
    error (a resource that could not start, a step's process lost): never nothing for a run that failed."""
    from dagster import DagsterEventType

    lines = []
    for event in result.get_step_failure_events():
        error = _innermost(event.event_specific_data.error)
        if error is not None and error.cls_name == "DagsterAssetCheckFailedError":
            continue  # a blocking check that failed: said below, with what it found
        lines.append(f"step {event.step_key} failed: {error.message.strip() if error else 'unknown error'}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            key = evaluation.asset_check_key
            kind = "blocking check" if evaluation.blocking else f"check ({evaluation.severity.value.lower()})"
            lines.append(f"{kind} {key.asset_key.to_user_string()}:{key.name} failed: {evaluation.description}")
    if not lines and not result.success:
        ended = result.filter_events(lambda event: event.event_type == DagsterEventType.RUN_FAILURE)
        error = _innermost(ended[0].event_specific_data.error) if ended else None  # none: the run was cancelled
        said = " ".join(line.strip() for line in error.message.strip().splitlines()[:3]) if error else ""
        lines.append(f"the run failed: {said or 'it did not finish'}")
    return lines


def _innermost(error):
    """The error that says what went wrong: Dagster wraps it in its own."""
    while error is not None and error.cause is not None:
        error = error.cause
    return error


def _warnings(instance, run_id: str) -> list[str]:
    """What the run's steps logged as warnings (quarantined lines, matches awaiting review, ...), step first."""
    import logging

    def level(entry) -> int:  # Dagster keeps a log's level as a number or as its name
        return entry.level if isinstance(entry.level, int) else logging.getLevelName(entry.level.upper())

    return [
        f"{entry.step_key}: {entry.user_message}"
        for entry in instance.all_logs(run_id)
        if entry.dagster_event is None
        and level(entry) >= logging.WARNING
        and not entry.user_message.startswith("Dependencies for step")  # Dagster's word on steps it skipped
    ]
