-- One row per distinct ledger payee: the supplier (supplier file) or company (Companies House) it is linked to,
-- how, and with what score. The first rule that links wins: the exact rules of payee_links.sql (redacted,
-- supplier_id, company_number, ambiguous_company_number, companies_house_number, name); reviewed (the analyst
-- accepted a candidate); companies_house_name (one company of the register has the name: its supplier-file entry
-- when one supplier holds its number); fuzzy (one best candidate scoring at least accept_score, not rejected).
-- Else the payee is unmatched, ambiguous_name (several suppliers share its name) or no_supplier_name.
WITH accepted AS (
    SELECT name_key, any_value(supplier_key) AS supplier_key FROM match_decisions WHERE decision = 'accept'
    GROUP BY name_key
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
            WHEN p.exact_method IS NOT NULL THEN p.exact_method
            WHEN a.supplier_key IS NOT NULL THEN 'reviewed'
            WHEN p.named_company_suppliers > 1 THEN 'ambiguous_company_number'
            WHEN p.named_company_number IS NOT NULL THEN 'companies_house_name'
            WHEN f.supplier_key IS NOT NULL THEN 'fuzzy'
            WHEN p.name_key IS NULL THEN 'no_supplier_name'
            WHEN p.suppliers_with_name > 1 THEN 'ambiguous_name'
            ELSE 'unmatched'
        END AS link_method,
        a.supplier_key AS by_review,
        f.supplier_key AS by_fuzzy,
        f.score AS fuzzy_score
    FROM payee_links AS p
    LEFT JOIN accepted AS a ON a.name_key = p.name_key
    LEFT JOIN fuzzy AS f ON f.name_key = p.name_key
),
chosen AS (
    SELECT
        *,
        CASE link_method
            WHEN 'reviewed' THEN by_review
            WHEN 'fuzzy' THEN by_fuzzy
            WHEN 'companies_house_name' THEN named_company_supplier_key
            ELSE exact_supplier_key
        END AS supplier_key,
        CASE link_method
            WHEN 'companies_house_number' THEN exact_company_number
            WHEN 'companies_house_name' THEN CASE WHEN named_company_supplier_key IS NULL THEN named_company_number END
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
