-- One row per usable declared subcontract: the contract and the party of the supplier that let it, the
-- subcontractor (placed by supplier_locations as party 'K<line>'), the amount and the year.
SELECT
    source_file, source_line, contract_id, supplier_id, supplier_name, supplier_company_number, party_id, link_method,
    subcontractor_name, postcode, postcode_key, company_number, name_key, company_number_key, amount, fiscal_year
FROM subcontracts_linked
WHERE reason IS NULL
ORDER BY source_line
