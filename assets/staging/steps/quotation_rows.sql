-- Every data row of the quotations file (quotation_rows_records): one invited supplier of a written quotation
-- exercise, its fields picked by the header, with the reason it cannot be used (NULL when it can): no exercise, no
-- supplier name, no date or one that is not a date, or a supplier invited twice to one exercise (the same name or
-- company number as a usable line above it, which counts). The exercise's date, value, department and category are
-- its first usable line's; a line that says otherwise, a value that is not an amount, a responded or awarded that is
-- not a yes or no, and a company number that is not one are field problems: the invitee stays.
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($exercise_id_col AS INTEGER)]), '') AS exercise_id,
        nullif(trim(fields[CAST($date_col AS INTEGER)]), '') AS date_text,
        nullif(trim(fields[CAST($value_col AS INTEGER)]), '') AS value_text,
        nullif(trim(fields[CAST($department_col AS INTEGER)]), '') AS department,
        nullif(trim(fields[CAST($category_col AS INTEGER)]), '') AS category,
        nullif(trim(fields[CAST($supplier_name_col AS INTEGER)]), '') AS supplier_name,
        nullif(trim(fields[CAST($postcode_col AS INTEGER)]), '') AS postcode,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($responded_col AS INTEGER)]), '') AS responded_text,
        nullif(trim(fields[CAST($awarded_col AS INTEGER)]), '') AS awarded_text
    FROM quotation_rows_records
    WHERE source_line > $header_line AND NOT blank
),
keyed AS (
    SELECT
        *,
        normalise_name(supplier_name) AS name_key,
        normalise_company_number(company_number) AS company_number_key,
        normalise_postcode(postcode) AS postcode_key,
        coalesce(parse_date(date_text, $day_first), parse_date(date_text, NOT $day_first)) AS line_date,
        parse_amount(value_text) AS line_value,
        parse_flag(responded_text) AS responded,
        parse_flag(awarded_text) AS awarded
    FROM extracted
),
checked AS (
    SELECT *, exercise_id IS NOT NULL AND supplier_name IS NOT NULL AND line_date IS NOT NULL AS complete
    FROM keyed
),
-- the exercise's usable lines first, in file order: its first is the one whose date, value, department count
in_order AS (
    SELECT *, row_number() OVER (PARTITION BY exercise_id ORDER BY NOT complete, source_line) AS exercise_line
    FROM checked
),
ranked AS (
    SELECT
        *,
        min(source_line) FILTER (WHERE complete) OVER (PARTITION BY exercise_id, name_key) AS first_by_name,
        CASE WHEN company_number_key IS NOT NULL THEN min(source_line) FILTER (WHERE complete)
            OVER (PARTITION BY exercise_id, company_number_key) END AS first_by_number,
        any_value(line_date) FILTER (WHERE exercise_line = 1) OVER (PARTITION BY exercise_id) AS first_date,
        any_value(value_text) FILTER (WHERE exercise_line = 1) OVER (PARTITION BY exercise_id) AS first_value_text,
        any_value(department) FILTER (WHERE exercise_line = 1) OVER (PARTITION BY exercise_id) AS first_department,
        any_value(category) FILTER (WHERE exercise_line = 1) OVER (PARTITION BY exercise_id) AS first_category
    FROM in_order
)
SELECT
    source_file,
    source_line,
    record,
    exercise_id,
    first_date AS exercise_date,
    parse_amount(first_value_text) AS exercise_value,
    first_department AS department,
    first_category AS category,
    supplier_name,
    postcode,
    postcode_key,
    company_number,
    name_key,
    company_number_key,
    responded,
    awarded,
    CASE
        WHEN exercise_id IS NULL THEN 'exercise_id is empty'
        WHEN supplier_name IS NULL THEN 'supplier_name is empty'
        WHEN date_text IS NULL THEN 'date is empty'
        WHEN line_date IS NULL THEN format('date ''{}'' is not a date', date_text)
        WHEN first_by_name < source_line
            THEN format('invited twice: line {} invites the same supplier to exercise {}', first_by_name, exercise_id)
        WHEN first_by_number < source_line THEN format(
            'invited twice: line {} has the same company number in exercise {}', first_by_number, exercise_id
        )
    END AS reason,
    nullif(concat_ws('; ',
        CASE WHEN value_text IS NOT NULL AND line_value IS NULL
            THEN format('value ''{}'' is not an amount', value_text) END,
        CASE WHEN line_date <> first_date
            THEN format('date {} differs from the exercise''s first line ({}), which counts', line_date, first_date)
        END,
        CASE WHEN line_value IS DISTINCT FROM parse_amount(first_value_text) AND line_value IS NOT NULL
            THEN format('value ''{}'' differs from the exercise''s first line, which counts', value_text) END,
        CASE WHEN department IS DISTINCT FROM first_department AND department IS NOT NULL
            THEN format('department ''{}'' differs from the exercise''s first line, which counts', department) END,
        CASE WHEN category IS DISTINCT FROM first_category AND category IS NOT NULL
            THEN format('category ''{}'' differs from the exercise''s first line, which counts', category) END,
        CASE WHEN responded_text IS NOT NULL AND responded IS NULL
            THEN format('responded ''{}'' is not a yes or no', responded_text) END,
        CASE WHEN awarded_text IS NOT NULL AND awarded IS NULL
            THEN format('awarded ''{}'' is not a yes or no', awarded_text) END,
        CASE WHEN company_number IS NOT NULL AND company_number_key IS NULL THEN format(
            'company_number ''{}'' is not a company number (8 digits, or 2 letters and 6 digits)', company_number
        ) END
    ), '') AS field_problems
FROM ranked
