"""Staging: the written quotation exercises (`quotations`), one row per invited supplier.

The policy asks for at least one quote from a borough organisation, else from the region. The invitees are placed
by supplier_locations as suppliers are (location_parties); mart_quote_compliance judges each exercise. Without a
file both tables are empty."""

from assets.staging.registers import Register, register_tables

QUOTATIONS_FILE = Register(
    "quotations file",
    required=("exercise_id", "date", "supplier_name"),
    optional=("value", "department", "category", "postcode", "company_number", "responded", "awarded"),
)

quotations = register_tables(
    QUOTATIONS_FILE,
    {
        "quotations": "One row per supplier invited to a written quotation exercise: the exercise, the invitee, "
        "responded, awarded.",
        "quotation_quarantine": "Lines of the quotations file not used: source_file, source_line, reason, line.",
    },
    rows="quotation_rows",
    here=__file__,
    paths=lambda config: [] if config.quotations_path is None else [config.quotations_path],
)
