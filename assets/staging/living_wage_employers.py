"""Staging: the employers the Living Wage Foundation accredited, from the file the analysis names (`living_wage`).

The file is small and read whole every run. Without one, both tables are empty and mart_living_wage has no rows."""

from assets.staging.registers import Register, register_tables

LIVING_WAGE_FILE = Register(
    "accredited employers' file", required=("name", "accredited_on"), optional=("company_number",)
)

living_wage_employers = register_tables(
    LIVING_WAGE_FILE,
    {
        "living_wage_employers": "One row per accredited Living Wage employer: name, company number, accredited on.",
        "living_wage_quarantine": "Lines of the accredited employers' file not used: source_file, source_line, "
        "reason, line.",
    },
    rows="living_wage_rows",
    here=__file__,
    paths=lambda config: [] if config.living_wage_path is None else [config.living_wage_path],
)
