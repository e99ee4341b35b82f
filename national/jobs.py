"""The national code location's jobs: one council's partition (the national run launches one run per council,
`national/run.py`), and the national tables."""

from dagster import define_asset_job

from national.council_tables import COUNCILS, council_tables
from national.national_tables import national_tables

council_job = define_asset_job(
    "council", selection=[council_tables], partitions_def=COUNCILS, description="One council's run and its tables."
)
national_job = define_asset_job(
    "national", selection=[national_tables], description="The national tables from the councils' own."
)
