-- Each subcontract row with the party of the supplier that let it (its contract's, else its own by
-- subcontract_links) and the reason it cannot be used: its own problem, else an unknown contract, else a supplier
-- no rule links to a party.
SELECT
    r.*,
    coalesce(k.party_id, l.party_id) AS party_id,
    coalesce(k.link_method, l.link_method) AS link_method,
    CASE
        WHEN r.problem IS NOT NULL THEN r.problem
        WHEN r.contract_id IS NOT NULL AND c.contract_id IS NULL THEN format('unknown contract ''{}''', r.contract_id)
        WHEN coalesce(k.party_id, l.party_id) IS NULL THEN format('unknown supplier: no supplier or payee is {}',
            concat_ws(', ', 'supplier_id ' || r.supplier_id, 'named ' || r.supplier_name,
                'company ' || r.supplier_company_number, 'the supplier of contract ' || r.contract_id))
    END AS reason
FROM subcontract_rows AS r
LEFT JOIN contracts AS c ON c.contract_id = r.contract_id
LEFT JOIN contract_links AS k ON k.register_key = r.contract_id
LEFT JOIN subcontract_links AS l ON l.register_key = r.source_line
