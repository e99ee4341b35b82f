-- Every distinct ledger payee with the link the exact rules give it, first that applies (NULL when none does):
--   redacted (never linked); supplier_id (the row's id is a supplier's); company_number (the row's company
--   number is one supplier's) or ambiguous_company_number (several suppliers hold it); companies_house_number (the
--   register holds the number, no supplier does); name (exactly one supplier has the normalised name).
-- Also the register's one company with the payee's name, if any, for the companies_house_name rule, which comes
-- after the analyst's reviewed decisions.
WITH supplier_names AS (
    SELECT name_key, min(supplier_key) AS supplier_key, count(*) AS suppliers_with_name
    FROM suppliers GROUP BY name_key
),
supplier_numbers AS (
    SELECT company_number_key, min(supplier_key) AS supplier_key, count(*) AS suppliers_with_number
    FROM suppliers WHERE company_number_key IS NOT NULL GROUP BY company_number_key
),
company_names AS (
    SELECT name_key, min(company_number) AS company_number
    FROM companies WHERE name_key IS NOT NULL GROUP BY name_key HAVING count(*) = 1
)
SELECT
    p.*,
    coalesce(n.suppliers_with_name, 0) AS suppliers_with_name,
    CASE
        WHEN p.redacted THEN 'redacted'
        WHEN i.supplier_key IS NOT NULL THEN 'supplier_id'
        WHEN sn.suppliers_with_number = 1 THEN 'company_number'
        WHEN sn.suppliers_with_number > 1 THEN 'ambiguous_company_number'
        WHEN cn.company_number IS NOT NULL THEN 'companies_house_number'
        WHEN n.suppliers_with_name = 1 THEN 'name'
    END AS exact_method,
    CASE
        WHEN p.redacted THEN NULL
        WHEN i.supplier_key IS NOT NULL THEN i.supplier_key
        WHEN sn.suppliers_with_number IS NOT NULL THEN CASE WHEN sn.suppliers_with_number = 1 THEN sn.supplier_key END
        WHEN cn.company_number IS NOT NULL THEN NULL
        WHEN n.suppliers_with_name = 1 THEN n.supplier_key
    END AS exact_supplier_key,
    CASE WHEN i.supplier_key IS NULL AND sn.suppliers_with_number IS NULL THEN cn.company_number END
        AS exact_company_number,
    -- the register's company of that name, and the suppliers holding its number
    cm.company_number AS named_company_number,
    cmn.suppliers_with_number AS named_company_suppliers,
    cmn.supplier_key AS named_company_supplier_key
FROM supplier_payees AS p
LEFT JOIN suppliers AS i ON i.supplier_id = p.supplier_id
LEFT JOIN supplier_numbers AS sn ON sn.company_number_key = p.company_number_key
LEFT JOIN companies AS cn ON cn.company_number = p.company_number_key
LEFT JOIN supplier_names AS n ON n.name_key = p.name_key
LEFT JOIN company_names AS cm ON cm.name_key = p.name_key
LEFT JOIN supplier_numbers AS cmn ON cmn.company_number_key = cm.company_number
