"""Jobs of the code location."""

from dagster import AssetSelection, define_asset_job

#: Materialise every asset and run every check, with the code location's executor (one process: DuckDB allows one
#: writer at a time).
spend_job = define_asset_job("spend", selection=AssetSelection.all())
