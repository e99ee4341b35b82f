-- One row per distinct ledger payee: the supplier (supplier file) or company (Companies House) it is linked to,
-- how, and with what score. The first rule that links wins:
--   redacted payees are never linked; supplier_id (the row's id is a supplier's id); company_number (the row's
--   company number is one supplier's); name (exactly one supplier has the normalised name); reviewed (the analyst
--   accepted a candidate); fuzzy (one best candidate scoring at least accept_score, not rejected);
--   companies_house_number / companies_house_name (a company in the register, by number or by its one name).
-- Else the payee is unmatched, ambiguous_name (several suppliers share its name) or no_supplier_name.
WITH supplier_names AS (
    SELECT name_key, min(supplier_key) AS supplier_key, count(*) AS suppliers_with_name
    FROM suppliers GROUP BY name_key
),
supplier_numbers AS (
    SELECT company_number_key, min(supplier_key) AS supplier_key, count(*) AS suppliers_with_number
    FROM suppliers WHERE company_number_key IS NOT NULL GROUP BY company_number_key
),
company_names AS (
    SELECT name_key, min(company_number) AS company_number, count(*) AS companies_with_name
    FROM companies WHERE name_key IS NOT NULL GROUP BY name_key
),
accepted AS (
    SELECT name_key, min(supplier_key) AS supplier_key FROM match_decisions WHERE decision = 'accept'
    GROUP BY name_key HAVING count(DISTINCT supplier_key) = 1
),
best_fuzzy AS (
    SELECT c.name_key, c.supplier_key, c.score
    FROM match_candidates AS c
    ANTI JOIN match_decisions AS d ON d.name_key = c.name_key AND d.supplier_key = c.supplier_key AND d.decision = 'reject'
    QUALIFY rank() OVER (PARTITION BY c.name_key ORDER BY c.score DESC) = 1
),
fuzzy AS (
    SELECT name_key, min(supplier_key) AS supplier_key, max(score) AS score
    FROM best_fuzzy GROUP BY name_key
    HAVING count(*) = 1 AND max(score) >= $accept_score
),
linked AS (
    SELECT
        p.*,
        CASE
            WHEN p.redacted THEN 'redacted'
            WHEN i.supplier_key IS NOT NULL THEN 'supplier_id'
            WHEN sn.suppliers_with_number = 1 THEN 'company_number'
            WHEN n.suppliers_with_name = 1 THEN 'name'
            WHEN a.supplier_key IS NOT NULL THEN 'reviewed'
            WHEN f.supplier_key IS NOT NULL THEN 'fuzzy'
            WHEN cn.company_number IS NOT NULL THEN 'companies_house_number'
            WHEN cm.companies_with_name = 1 THEN 'companies_house_name'
            WHEN p.name_key IS NULL THEN 'no_supplier_name'
            WHEN n.suppliers_with_name > 1 THEN 'ambiguous_name'
            ELSE 'unmatched'
        END AS link_method,
        i.supplier_key AS by_id,
        sn.supplier_key AS by_number,
        n.supplier_key AS by_name,
        a.supplier_key AS by_review,
        f.supplier_key AS by_fuzzy,
        f.score AS fuzzy_score,
        cn.company_number AS company_by_number,
        cm.company_number AS company_by_name
    FROM supplier_payees AS p
    LEFT JOIN suppliers AS i ON i.supplier_id = p.supplier_id
    LEFT JOIN supplier_numbers AS sn ON sn.company_number_key = p.company_number_key
    LEFT JOIN supplier_names AS n ON n.name_key = p.name_key
    LEFT JOIN accepted AS a ON a.name_key = p.name_key
    LEFT JOIN fuzzy AS f ON f.name_key = p.name_key
    LEFT JOIN companies AS cn ON cn.company_number = p.company_number_key
    LEFT JOIN company_names AS cm ON cm.name_key = p.name_key
),
chosen AS (
    SELECT
        *,
        CASE link_method
            WHEN 'supplier_id' THEN by_id
            WHEN 'company_number' THEN by_number
            WHEN 'name' THEN by_name
            WHEN 'reviewed' THEN by_review
            WHEN 'fuzzy' THEN by_fuzzy
        END AS supplier_key,
        CASE link_method
            WHEN 'companies_house_number' THEN company_by_number
            WHEN 'companies_house_name' THEN company_by_name
        END AS company_number
    FROM linked
)
SELECT
    supplier_id,
    name_key,
    company_number_key,
    redacted,
    ledger_name,
    payments,
    spend,
    link_method,
    supplier_key,
    company_number,
    CASE WHEN link_method = 'fuzzy' THEN fuzzy_score END AS match_score,
    -- a party is what a payment is placed by: a supplier of the supplier file (S<line>) or a company (C<number>)
    coalesce('S' || supplier_key, 'C' || company_number) AS party_id
FROM chosen
ORDER BY spend DESC, ledger_name
