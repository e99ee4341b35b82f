-- Every distinct payee in the loaded ledger (its supplier id, normalised name, company number and whether it is
-- redacted), with its payments and spend: matching works on payees, not on payment rows. Names are normalised
-- once per distinct name, as in located_transactions.sql, whose join on these keys must find every payment.
WITH names AS (
    SELECT
        supplier_name,
        normalise_name(supplier_name) AS name_key,
        is_redacted(supplier_name, $redaction_markers) AS redacted
    FROM (SELECT DISTINCT supplier_name FROM ledger_transactions)
)
SELECT
    t.supplier_id,
    n.name_key,
    normalise_company_number(t.company_number) AS company_number_key,
    n.redacted,
    min(t.supplier_name) AS ledger_name,
    count(*) AS payments,
    sum(t.amount) AS spend
FROM ledger_transactions AS t
LEFT JOIN names AS n ON n.supplier_name IS NOT DISTINCT FROM t.supplier_name
GROUP BY ALL
