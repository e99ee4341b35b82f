-- Every data row of the commitments file (commitment_rows_records): a contract's commitment to deliver a quantity
-- of a framework measure, over the contract or in one financial year, with the reason it cannot be used (NULL when
-- it can): an unknown contract or measure, a quantity that is not a number or is negative, a fiscal_year not written
-- like 2020/21, or the same contract, measure and year committed twice (the usable line above counts).
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($contract_id_col AS INTEGER)]), '') AS contract_id,
        nullif(trim(fields[CAST($measure_id_col AS INTEGER)]), '') AS measure_id,
        nullif(trim(fields[CAST($quantity_col AS INTEGER)]), '') AS quantity_text,
        nullif(trim(fields[CAST($fiscal_year_col AS INTEGER)]), '') AS fiscal_year
    FROM commitment_rows_records
    WHERE source_line > $header_line AND NOT blank
),
judged AS (
    SELECT
        e.*,
        parse_quantity(quantity_text) AS quantity,
        CASE
            WHEN c.contract_id IS NULL THEN format('unknown contract ''{}''', coalesce(e.contract_id, ''))
            WHEN m.measure_id IS NULL THEN format('unknown measure ''{}'': not in the framework',
                coalesce(e.measure_id, ''))
            WHEN parse_quantity(quantity_text) IS NULL
                THEN format('quantity ''{}'' is not a number', coalesce(quantity_text, ''))
            WHEN parse_quantity(quantity_text) < 0 THEN format('quantity {} is negative', quantity_text)
            WHEN e.fiscal_year IS NOT NULL AND NOT regexp_full_match(e.fiscal_year, '\d{4}/\d{2}')
                THEN format('fiscal_year ''{}'' is not a financial year such as 2020/21', e.fiscal_year)
        END AS problem
    FROM extracted AS e
    LEFT JOIN contracts AS c ON c.contract_id = e.contract_id
    LEFT JOIN social_value_measures AS m ON m.measure_id = e.measure_id
)
SELECT
    * EXCLUDE (problem, quantity_text),
    coalesce(problem, CASE WHEN min(source_line) FILTER (WHERE problem IS NULL)
        OVER (PARTITION BY contract_id, measure_id, fiscal_year) < source_line THEN format(
            'committed twice: line {} commits contract {} to measure {}{}',
            min(source_line) FILTER (WHERE problem IS NULL) OVER (PARTITION BY contract_id, measure_id, fiscal_year),
            contract_id, measure_id, coalesce(' in ' || fiscal_year, '')) END) AS reason
FROM judged
