from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, RunRequest, SkipReason, build_sensor_context

from core.config import SpendAnalysis
from pipelines.sensors import ATTEMPTS, landing_sensor


def evaluate(config, cursor=None, instance=None):
    context = build_sensor_context(
        cursor=cursor,
        instance=instance or DagsterInstance.ephemeral(),
        resources={"analysis": SpendAnalysis(config_path=str(config))},
    )
    return landing_sensor(context), context.cursor


def test_without_a_landing_folder_the_sensor_skips(analysis):
    result, _ = evaluate(analysis({"a.csv": b"Date,Amount,Supplier Name\n"}))
    assert isinstance(result, SkipReason)
    assert "names no landing folder" in result.skip_message


def test_a_file_arriving_changing_or_leaving_starts_one_run(analysis):
    config = analysis({}, ledger=None, landing="landing")
    (landing := config.parent / "landing").mkdir()
    result, cursor = evaluate(config)
    assert isinstance(result, SkipReason) and "is empty" in result.skip_message

    (landing / "2019-04.csv").write_bytes(b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n")
    result, cursor = evaluate(config, cursor)
    assert isinstance(result, RunRequest) and result.job_name in (None, "spend")
    assert result.tags["landing_files"] == "1"

    result, cursor = evaluate(config, cursor)
    assert isinstance(result, SkipReason) and "no file arrived" in result.skip_message

    (landing / "2019-04.csv").write_bytes(b"Date,Amount,Supplier Name\n2019-04-01,2.00,Acme\n")
    result, cursor = evaluate(config, cursor)
    assert isinstance(result, RunRequest)

    (landing / "2019-04.csv").unlink()
    result, cursor = evaluate(config, cursor)
    assert isinstance(result, RunRequest) and result.tags["landing_files"] == "0"


def test_a_failed_run_for_the_current_files_is_tried_again_a_few_times(analysis):
    config = analysis({}, ledger=None, landing="landing")
    (landing := config.parent / "landing").mkdir()
    (landing / "2019-04.csv").write_bytes(b"Date,Amount,Supplier Name\n2019-04-01,1.00,Acme\n")
    with DagsterInstance.ephemeral() as instance:
        request, cursor = evaluate(config, instance=instance)
        for attempt in range(ATTEMPTS):
            assert isinstance(request, RunRequest), attempt
            instance.add_run(DagsterRun(job_name="spend", tags=request.tags, status=DagsterRunStatus.FAILURE))
            request, cursor = evaluate(config, cursor, instance)
        assert isinstance(request, SkipReason)  # given up after ATTEMPTS failed runs: the run logs say why
        instance.add_run(
            DagsterRun(job_name="spend", tags={"landing_fingerprint": cursor}, status=DagsterRunStatus.SUCCESS)
        )
        assert isinstance(evaluate(config, cursor, instance)[0], SkipReason)
