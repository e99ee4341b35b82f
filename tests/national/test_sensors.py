"""The national sensors: a month landing in one council's folder runs that council's partition alone, and a
council's run that succeeded runs the national tables."""

from dagster import (
    DagsterEvent,
    DagsterEventType,
    DagsterInstance,
    DagsterRun,
    build_run_status_sensor_context,
    build_sensor_context,
)

from national.council_tables import NationalRegistry
from national.sensors import council_landing_sensor, national_tables_sensor
from tests.national.registries import council_copy, write_registry

MONTH = b"Date,Transaction Number,Amount,Supplier Name\n2026-04-01,T1,10.00,Acme Ltd\n"


def test_a_month_landing_in_one_councils_folder_runs_that_council_alone(tmp_path):
    rotherham = council_copy(tmp_path, "rotherham", "E08000018")
    sheffield = council_copy(tmp_path, "sheffield", "E08000039")
    config = tmp_path / rotherham
    config.write_text(config.read_text().replace("landing: landing", "# no landing folder"))
    registry = NationalRegistry(registry_path=str(write_registry(tmp_path, [rotherham, sheffield])))
    instance = DagsterInstance.ephemeral()

    def evaluate(cursor):
        context = build_sensor_context(cursor=cursor, instance=instance, resources={"registry": registry})
        return council_landing_sensor(context), context.cursor

    first, cursor = evaluate(None)
    assert first.run_requests == []  # Sheffield's landing folder is empty; Rotherham has none
    [added] = first.dynamic_partitions_requests
    assert added.partition_keys == ["E08000018", "E08000039"]
    instance.add_dynamic_partitions("councils", added.partition_keys)

    (tmp_path / "sheffield" / "landing" / "2026-04.csv").write_bytes(MONTH)
    arrived, cursor = evaluate(cursor)
    assert [request.partition_key for request in arrived.run_requests] == ["E08000039"]
    assert arrived.run_requests[0].tags["landing_files"] == "1" and arrived.dynamic_partitions_requests == []
    again, cursor = evaluate(cursor)
    assert again.run_requests == []

    (tmp_path / "sheffield" / "landing" / "2026-04.csv").unlink()  # a month taken back is a change too
    left, cursor = evaluate(cursor)
    assert [request.partition_key for request in left.run_requests] == ["E08000039"]


def test_a_councils_run_that_succeeded_runs_the_national_tables():
    instance = DagsterInstance.ephemeral()
    run = DagsterRun(job_name="council", run_id="a-council-run", tags={"dagster/partition": "E08000039"})
    succeeded = DagsterEvent(event_type_value=DagsterEventType.RUN_SUCCESS.value, job_name="council")
    context = build_run_status_sensor_context("national_tables_sensor", succeeded, instance, run)
    request = national_tables_sensor(context)
    assert request.run_key == "a-council-run" and request.tags == {"after_council": "E08000039"}
    assert national_tables_sensor.job.name == "national"
