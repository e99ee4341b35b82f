"""The Dagster code location of the council spend pipeline."""
