-- Each contract's supplier linked to a party as ledger payees are: the supplier file's supplier with its supplier
-- id, else the one with its company number, else the one with its name (normalised); else the one party every
-- ledger payee with its company number, else its name, is linked to (supplier_matches). link_method says which;
-- a contract whose supplier none of them finds has no party and no place.
WITH candidates AS (
    SELECT c.contract_id, 'S' || s.supplier_key AS party_id, 'supplier_id' AS link_method, 1 AS priority
    FROM contracts AS c JOIN suppliers AS s ON s.supplier_id = c.supplier_id
    UNION ALL
    SELECT c.contract_id, 'S' || min(s.supplier_key), 'company_number', 2
    FROM contracts AS c JOIN suppliers AS s ON s.company_number_key = c.company_number_key
    GROUP BY c.contract_id HAVING count(*) = 1
    UNION ALL
    SELECT c.contract_id, 'S' || min(s.supplier_key), 'name', 3
    FROM contracts AS c JOIN suppliers AS s ON s.name_key = c.name_key
    GROUP BY c.contract_id HAVING count(*) = 1
    UNION ALL
    SELECT c.contract_id, min(m.party_id), 'payee company_number', 4
    FROM contracts AS c JOIN supplier_matches AS m ON m.company_number_key = c.company_number_key
    WHERE m.party_id IS NOT NULL
    GROUP BY c.contract_id HAVING count(DISTINCT m.party_id) = 1
    UNION ALL
    SELECT c.contract_id, min(m.party_id), 'payee name', 5
    FROM contracts AS c JOIN supplier_matches AS m ON m.name_key = c.name_key
    WHERE m.party_id IS NOT NULL
    GROUP BY c.contract_id HAVING count(DISTINCT m.party_id) = 1
)
SELECT contract_id, party_id, link_method
FROM candidates
QUALIFY row_number() OVER (PARTITION BY contract_id ORDER BY priority) = 1
