-- Each distinct payee of the ledger (as written, with its company number and party) matched to an accredited Living
-- Wage employer as payees are matched to suppliers: by company number (the ledger's, else its party's), then by
-- name (its party's, else the ledger's), normalised; the first that matches wins, and match_method says which.
-- Redacted payees are never matched.
WITH payees AS (
    SELECT DISTINCT
        t.supplier_name,
        t.company_number,
        t.party_id,
        coalesce(normalise_company_number(t.company_number), s.company_number) AS company_key,
        normalise_name(s.supplier_name) AS party_name_key,
        normalise_name(t.supplier_name) AS ledger_name_key
    FROM located_transactions AS t
    LEFT JOIN supplier_locations AS s USING (party_id)
    WHERE t.supplier_group <> 'redacted'
),
candidates AS (
    SELECT p.*, e.source_line AS employer_line, e.accredited_on, 'company_number' AS match_method, 1 AS priority
    FROM payees AS p
    JOIN living_wage_employers AS e ON e.company_number_key = p.company_key
    UNION ALL
    SELECT p.*, e.source_line, e.accredited_on, 'name', CASE WHEN e.name_key = p.party_name_key THEN 2 ELSE 3 END
    FROM payees AS p
    JOIN living_wage_employers AS e ON e.name_key IN (p.party_name_key, p.ledger_name_key)
)
SELECT supplier_name, company_number, party_id, employer_line, accredited_on, match_method
FROM candidates
QUALIFY row_number() OVER (
    PARTITION BY supplier_name, company_number, party_id ORDER BY priority, employer_line
) = 1
