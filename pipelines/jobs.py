"""Jobs of the code location."""

from dagster import AssetSelection, define_asset_job, in_process_executor

#: Materialise every asset and run every check. DuckDB allows one writer at a time, so steps run in one process.
spend_job = define_asset_job("spend", selection=AssetSelection.all(), executor_def=in_process_executor)
