"""Jobs of the code location, each materialising its assets with the code location's executor (one process: DuckDB
allows one writer at a time)."""

from dagster import AssetSelection, define_asset_job

_ANNUAL_ONLY = AssetSelection.assets("annual_report")

#: Every asset and check but the annual report files: what a refresh runs (by hand, the sensor, the monthly schedule).
spend_job = define_asset_job(
    "spend",
    selection=AssetSelection.all() - _ANNUAL_ONLY,
    description="Refresh the analysis: read the ledger and the suppliers, place every supplier, build the marts, "
    "check everything, and publish it all at once (with the snapshot the dashboard, report and exports read), or "
    "nothing if a step or a blocking check fails.",
)
#: The same, then the annual report files: what the schedule annual_close runs after a year closes.
annual_job = define_asset_job(
    "annual",
    selection=AssetSelection.all(),
    description="The refresh, after a year has closed (which freezes its figures), then the year's report files: "
    "the headline table and the twelve-month review of the targets.",
)
