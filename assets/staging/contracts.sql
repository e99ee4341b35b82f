-- One row per contract of the contracts register: id, title, the supplier as the register names it (id, name,
-- company number, with the keys it is linked by), value, start and end, department, category, field problems.
SELECT
    source_file, source_line, contract_id, title, supplier_id, supplier_name, company_number, name_key,
    company_number_key, contract_value, start_date, end_date, department, category, field_problems
FROM contract_rows
WHERE reason IS NULL
ORDER BY contract_id
