-- Each supplier a register names (temp view register_suppliers: register_key, supplier_id, name_key,
-- company_number_key) linked to a party as ledger payees are: the supplier file's supplier with its supplier id,
-- else the one with its company number, else the one with its name (normalised); else the one party every ledger
-- payee with its company number, else its name, is linked to (supplier_matches). link_method says which; a supplier
-- none of them finds has no row.
WITH candidates AS (
    SELECT r.register_key, 'S' || s.supplier_key AS party_id, 'supplier_id' AS link_method, 1 AS priority
    FROM register_suppliers AS r JOIN suppliers AS s ON s.supplier_id = r.supplier_id
    UNION ALL
    SELECT r.register_key, 'S' || min(s.supplier_key), 'company_number', 2
    FROM register_suppliers AS r JOIN suppliers AS s ON s.company_number_key = r.company_number_key
    GROUP BY r.register_key HAVING count(*) = 1
    UNION ALL
    SELECT r.register_key, 'S' || min(s.supplier_key), 'name', 3
    FROM register_suppliers AS r JOIN suppliers AS s ON s.name_key = r.name_key
    GROUP BY r.register_key HAVING count(*) = 1
    UNION ALL
    SELECT r.register_key, min(m.party_id), 'payee company_number', 4
    FROM register_suppliers AS r JOIN supplier_matches AS m ON m.company_number_key = r.company_number_key
    WHERE m.party_id IS NOT NULL
    GROUP BY r.register_key HAVING count(DISTINCT m.party_id) = 1
    UNION ALL
    SELECT r.register_key, min(m.party_id), 'payee name', 5
    FROM register_suppliers AS r JOIN supplier_matches AS m ON m.name_key = r.name_key
    WHERE m.party_id IS NOT NULL
    GROUP BY r.register_key HAVING count(DISTINCT m.party_id) = 1
)
SELECT register_key, party_id, link_method
FROM candidates
QUALIFY row_number() OVER (PARTITION BY register_key ORDER BY priority) = 1
