-- Every data row of the declared subcontracts (subcontract_rows_records): the contract (contract_id) or the supplier
-- (supplier_id, supplier_name or supplier_company_number) that let it, the subcontractor (its name, postcode and
-- company_number), the amount and the financial year; with the problem that makes it unusable (NULL when none): no
-- contract or supplier, no subcontractor name, an amount that is not one or is negative, a year not written like
-- 2020/21. Unknown contracts and suppliers are judged once suppliers are linked (steps/subcontracts_linked.sql).
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($contract_id_col AS INTEGER)]), '') AS contract_id,
        nullif(trim(fields[CAST($supplier_id_col AS INTEGER)]), '') AS supplier_id,
        nullif(trim(fields[CAST($supplier_name_col AS INTEGER)]), '') AS supplier_name,
        nullif(trim(fields[CAST($supplier_company_number_col AS INTEGER)]), '') AS supplier_company_number,
        nullif(trim(fields[CAST($subcontractor_name_col AS INTEGER)]), '') AS subcontractor_name,
        nullif(trim(fields[CAST($postcode_col AS INTEGER)]), '') AS postcode,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($amount_col AS INTEGER)]), '') AS amount_text,
        nullif(trim(fields[CAST($fiscal_year_col AS INTEGER)]), '') AS fiscal_year
    FROM subcontract_rows_records
    WHERE source_line > $header_line AND NOT blank
)
SELECT
    * EXCLUDE (amount_text),
    normalise_name(supplier_name) AS supplier_name_key,
    normalise_company_number(supplier_company_number) AS supplier_company_number_key,
    normalise_name(subcontractor_name) AS name_key,
    normalise_company_number(company_number) AS company_number_key,
    normalise_postcode(postcode) AS postcode_key,
    parse_amount(amount_text) AS amount,
    CASE
        WHEN contract_id IS NULL AND supplier_id IS NULL AND supplier_name IS NULL AND supplier_company_number IS NULL
            THEN 'no contract or supplier: give contract_id, supplier_id, supplier_name or supplier_company_number'
        WHEN subcontractor_name IS NULL THEN 'subcontractor_name is empty'
        WHEN parse_amount(amount_text) IS NULL THEN format('amount ''{}'' is not an amount', coalesce(amount_text, ''))
        WHEN parse_amount(amount_text) < 0 THEN format('amount {} is negative', amount_text)
        WHEN fiscal_year IS NULL OR NOT regexp_full_match(fiscal_year, '\d{4}/\d{2}')
            THEN format('fiscal_year ''{}'' is not a financial year such as 2020/21', coalesce(fiscal_year, ''))
    END AS problem
FROM extracted
