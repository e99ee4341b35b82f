"""The portal's returns in the figures: a return submitted and verified in the portal is read by the next run
(`social_value.portal`) through the same expectations and quarantine as returns files."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from assets.staging.portal_returns import shown_url
from core.config import load_config
from portal.returns.accounts import add_user
from portal.returns.models import Contract, QuarterlyReturn, ReturnLine
from portal.returns.quarters import contract_quarters
from portal.returns.sync import sync
from tests.helpers import query, run_analysis
from tests.portal.analysis import database_url, sample_reading_portal

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_return_verified_in_the_portal_is_in_the_next_runs_figures(sample_run, tmp_path):
    config, _ = sample_run
    sync(load_config(config))
    contract = Contract.objects.get(contract_id="SC-002")
    supplier = add_user("bids@wickham.example", contract.supplier.supplier_id, False, "x" * 20)
    officer = add_user("officer@council.example", None, True, "y" * 20)
    *_, earlier, quarter = contract_quarters(contract.start_date, contract.end_date, datetime.date.today())
    measure = contract.commitments.first().measure
    # after the returns file's own return for the quarter (14 days after it ends): the portal's resubmission counts
    submitted = timezone.make_aware(
        datetime.datetime.combine(quarter.last_day + datetime.timedelta(20), datetime.time(10))
    )
    made = QuarterlyReturn.objects.create(
        contract=contract,
        quarter=quarter.label,
        status="verified",
        evidence_text="portal evidence",
        submitted_at=submitted,
        submitted_by=supplier,
        decided_at=submitted,
        decided_by=officer,
    )
    ReturnLine.objects.create(
        quarterly_return=made, measure=measure, declared_quantity=Decimal("7"), verified_quantity=Decimal("6")
    )
    draft = QuarterlyReturn.objects.create(contract=contract, quarter=earlier.label, status="draft")  # not a return yet
    ReturnLine.objects.create(quarterly_return=draft, measure=measure, declared_quantity=Decimal("100"))
    gone = Contract.objects.create(contract_id="GONE-1", supplier=contract.supplier, archived=True)  # left the register
    stale = QuarterlyReturn.objects.create(
        contract=gone, quarter=quarter.label, status="pending", submitted_at=submitted, submitted_by=supplier
    )
    ReturnLine.objects.create(quarterly_return=stale, measure=measure, declared_quantity=Decimal("3"))

    portal = database_url(connection.settings_dict)
    analysis = sample_reading_portal(tmp_path, portal)
    assert load_config(analysis).social_value.portal == portal
    assert run_analysis(analysis).success
    [line] = query(
        analysis,
        "SELECT source_file, contract_id, measure_id, quarter, quantity, status, verified_quantity, note"
        " FROM social_value_returns WHERE source_file = 'portal'",
    )
    assert line == (
        "portal",
        "SC-002",
        measure.measure_id,
        quarter.label,
        Decimal("7.0000"),
        "verified",
        Decimal("6.0000"),
        "submitted by bids@wickham.example; verified by officer@council.example",
    )
    before = query(
        config,
        "SELECT coalesce(sum(verified_quantity), 0) FROM mart_social_value_by_outcome"
        f" WHERE measure_id = '{measure.measure_id}' AND quarter = 'year'",
    )[0][0]
    after = query(
        analysis,
        "SELECT coalesce(sum(verified_quantity), 0) FROM"
        f" mart_social_value_by_outcome WHERE measure_id = '{measure.measure_id}' AND quarter = 'year'",
    )[0][0]
    assert after - before == Decimal("6")
    inputs = query(analysis, "SELECT DISTINCT name, state FROM closed_year_inputs WHERE input = 'social value portal'")
    latest = f"{submitted:%Y-%m-%d %H:%M:%S %Z}"  # as the portal shows it, on either database
    assert inputs == [(shown_url(portal), f"2 return lines, the latest submitted or decided at {latest}")]
    assert "***" in shown_url("postgresql://spend:secret@db.example:5432/portal") and "secret" not in inputs[0][0]


def test_a_portal_that_is_not_a_database_url_is_a_configuration_error(tmp_path):
    from core.config import ConfigError

    analysis = sample_reading_portal(tmp_path, "mysql://portal")
    with pytest.raises(ConfigError, match=r"social_value.portal: .*'mysql://portal' is not a database URL"):
        load_config(analysis)


def test_the_portal_sensor_starts_a_run_when_a_return_has_been_verified_since_the_last(sample_run, tmp_path):
    from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context

    from core.config import SpendAnalysis
    from pipelines.sensors import portal_sensor

    config, _ = sample_run
    sync(load_config(config))
    analysis = sample_reading_portal(tmp_path, database_url(connection.settings_dict))

    def evaluate(cursor):
        context = build_sensor_context(
            cursor=cursor,
            instance=DagsterInstance.ephemeral(),
            resources={"analysis": SpendAnalysis(config_path=str(analysis))},
        )
        return portal_sensor(context), context.cursor

    result, cursor = evaluate(None)
    assert isinstance(result, SkipReason) and "no return has been verified" in result.skip_message
    contract = Contract.objects.get(contract_id="SC-001")
    officer = add_user("officer@council.example", None, True, "y" * 20)
    QuarterlyReturn.objects.create(
        contract=contract, quarter="2019/20 Q1", status="verified", decided_by=officer, decided_at=timezone.now()
    )
    result, cursor = evaluate(cursor)
    assert isinstance(result, RunRequest) and result.tags["portal_verified_up_to"] == cursor
    result, cursor = evaluate(cursor)
    assert isinstance(result, SkipReason) and "no return verified in the portal since" in result.skip_message
