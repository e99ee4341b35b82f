-- One row per supplier invited to a written quotation exercise, as the quotations file lists them: the exercise
-- (its date, value, department and category from its first line), the invitee's name, postcode and company number,
-- the keys it is placed by, whether it responded and was awarded, and fields that could not be used.
SELECT
    source_file,
    source_line,
    exercise_id,
    exercise_date,
    fiscal_year(exercise_date) AS fiscal_year,
    exercise_value,
    department,
    category,
    supplier_name,
    postcode,
    postcode_key,
    company_number,
    name_key,
    company_number_key,
    responded,
    awarded,
    field_problems
FROM quotation_rows
WHERE reason IS NULL
ORDER BY source_line
