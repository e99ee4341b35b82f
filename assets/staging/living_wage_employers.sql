-- One row per employer the Living Wage Foundation accredited, as the analysis's file lists them: name, company
-- number, the day of accreditation, the keys payees are matched by, and a field that cannot be used.
SELECT
    source_file,
    source_line,
    employer_name,
    company_number,
    name_key,
    company_number_key,
    accredited_on,
    field_problems
FROM living_wage_rows
WHERE reason IS NULL
ORDER BY source_line
