"""Jobs of the code location, each materialising its assets with the code location's executor (one process: DuckDB
allows one writer at a time)."""

from dagster import AssetSelection, define_asset_job

_ANNUAL_ONLY = AssetSelection.assets("annual_report")

#: Every asset and check but the annual report files: what a refresh runs (by hand, the sensor, the monthly schedule).
spend_job = define_asset_job("spend", selection=AssetSelection.all() - _ANNUAL_ONLY)
#: The same, then the annual report files: what the schedule annual_close runs after a year closes.
annual_job = define_asset_job("annual", selection=AssetSelection.all())
