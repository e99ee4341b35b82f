"""What a failed run is said to have failed on: never nothing."""

from dagster import ConfigurableResource, Definitions, InitResourceContext, asset, define_asset_job

from pipelines.run import failures


class Broker(ConfigurableResource):
    def setup_for_execution(self, context: InitResourceContext) -> None:
        raise RuntimeError("no broker at redis://127.0.0.1:1/0")


@asset
def needs_a_broker(broker: Broker) -> int:
    return 1


def test_a_run_that_fails_with_no_failed_step_says_why():
    """A resource that cannot start fails the run before any step (so does a Celery worker lost mid-step)."""
    defs = Definitions(assets=[needs_a_broker], jobs=[define_asset_job("job")], resources={"broker": Broker()})
    result = defs.resolve_job_def("job").execute_in_process(raise_on_error=False)
    assert not result.success and result.get_step_failure_events() == []
    assert failures(result) == ["the run failed: RuntimeError: no broker at redis://127.0.0.1:1/0"]
