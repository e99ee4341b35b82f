-- Every data row of the accredited employers' file (living_wage_rows_records), its fields picked by the header, with
-- the reason it cannot be used (NULL when it can): no name, no accreditation day or one that is not a date, or an
-- employer listed twice (the same name or company number as a usable line above it, which counts). A company
-- number that is not one is a field problem: the employer stays, matched by name.
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($name_col AS INTEGER)]), '') AS employer_name,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($accredited_on_col AS INTEGER)]), '') AS accredited_on_text
    FROM living_wage_rows_records
    WHERE source_line > $header_line AND NOT blank
),
keyed AS (
    SELECT
        *,
        normalise_name(employer_name) AS name_key,
        normalise_company_number(company_number) AS company_number_key,
        coalesce(parse_date(accredited_on_text, $day_first), parse_date(accredited_on_text, NOT $day_first))
            AS accredited_on
    FROM extracted
),
usable AS (
    SELECT
        *,
        employer_name IS NOT NULL AND accredited_on IS NOT NULL AS complete,
        min(source_line) FILTER (WHERE employer_name IS NOT NULL AND accredited_on IS NOT NULL)
            OVER (PARTITION BY name_key) AS first_by_name,
        CASE WHEN company_number_key IS NOT NULL THEN min(source_line) FILTER (
            WHERE employer_name IS NOT NULL AND accredited_on IS NOT NULL
        ) OVER (PARTITION BY company_number_key) END AS first_by_number
    FROM keyed
)
SELECT
    source_file,
    source_line,
    record,
    employer_name,
    company_number,
    name_key,
    company_number_key,
    accredited_on,
    CASE
        WHEN employer_name IS NULL THEN 'name is empty'
        WHEN accredited_on_text IS NULL THEN 'accredited_on is empty'
        WHEN accredited_on IS NULL THEN format('accredited_on ''{}'' is not a date', accredited_on_text)
        WHEN first_by_name < source_line THEN format('listed twice: line {} names the same employer', first_by_name)
        WHEN first_by_number < source_line
            THEN format('listed twice: line {} has the same company number', first_by_number)
    END AS reason,
    CASE WHEN company_number IS NOT NULL AND company_number_key IS NULL THEN format(
        'company_number ''{}'' is not a company number (8 digits, or 2 letters and 6 digits)', company_number
    ) END AS field_problems
FROM usable
