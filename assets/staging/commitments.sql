-- One row per commitment: a contract's quantity of a framework measure, over the contract (fiscal_year NULL) or in
-- one financial year.
SELECT source_file, source_line, contract_id, measure_id, fiscal_year, quantity
FROM commitment_rows
WHERE reason IS NULL
ORDER BY contract_id, measure_id, fiscal_year
