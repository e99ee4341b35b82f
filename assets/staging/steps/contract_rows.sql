-- Every data row of the contracts register (contract_rows_records), its fields picked by the header, with the
-- reason it cannot be used (NULL when it can): no contract id, no supplier (no supplier id, name or company
-- number), a value that is not an amount or is negative, a start or end that is not a date, an end before the
-- start, or a contract id listed twice (the usable line above counts). A company number that is not one is a field
-- problem: the contract stays, its supplier found by id or name.
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($contract_id_col AS INTEGER)]), '') AS contract_id,
        nullif(trim(fields[CAST($title_col AS INTEGER)]), '') AS title,
        nullif(trim(fields[CAST($supplier_id_col AS INTEGER)]), '') AS supplier_id,
        nullif(trim(fields[CAST($supplier_name_col AS INTEGER)]), '') AS supplier_name,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($value_col AS INTEGER)]), '') AS value_text,
        nullif(trim(fields[CAST($start_date_col AS INTEGER)]), '') AS start_text,
        nullif(trim(fields[CAST($end_date_col AS INTEGER)]), '') AS end_text,
        nullif(trim(fields[CAST($department_col AS INTEGER)]), '') AS department,
        nullif(trim(fields[CAST($category_col AS INTEGER)]), '') AS category
    FROM contract_rows_records
    WHERE source_line > $header_line AND NOT blank
),
parsed AS (
    SELECT
        *,
        normalise_name(supplier_name) AS name_key,
        normalise_company_number(company_number) AS company_number_key,
        parse_amount(value_text) AS contract_value,
        coalesce(parse_date(start_text, $day_first), parse_date(start_text, NOT $day_first)) AS start_date,
        coalesce(parse_date(end_text, $day_first), parse_date(end_text, NOT $day_first)) AS end_date
    FROM extracted
),
judged AS (
    SELECT
        *,
        CASE
            WHEN contract_id IS NULL THEN 'contract_id is empty'
            WHEN supplier_id IS NULL AND supplier_name IS NULL AND company_number IS NULL
                THEN 'no supplier: give supplier_id, supplier_name or company_number'
            WHEN value_text IS NULL THEN 'value is empty'
            WHEN contract_value IS NULL THEN format('value ''{}'' is not an amount', value_text)
            WHEN contract_value < 0 THEN format('value {} is negative', contract_value)
            WHEN start_date IS NULL THEN format('start_date ''{}'' is not a date', coalesce(start_text, ''))
            WHEN end_date IS NULL THEN format('end_date ''{}'' is not a date', coalesce(end_text, ''))
            WHEN end_date < start_date THEN format('end_date {} is before start_date {}', end_date, start_date)
        END AS problem
    FROM parsed
)
SELECT
    * EXCLUDE (problem, value_text, start_text, end_text),
    coalesce(problem, CASE WHEN min(source_line) FILTER (WHERE problem IS NULL) OVER (PARTITION BY contract_id)
        < source_line THEN format('listed twice: line {} has contract {}', min(source_line) FILTER (
            WHERE problem IS NULL) OVER (PARTITION BY contract_id), contract_id) END) AS reason,
    CASE WHEN company_number IS NOT NULL AND company_number_key IS NULL THEN format(
        'company_number ''{}'' is not a company number (8 digits, or 2 letters and 6 digits)', company_number
    ) END AS field_problems
FROM judged
