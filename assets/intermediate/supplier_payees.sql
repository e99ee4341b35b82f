-- Every distinct payee in the loaded ledger (its supplier id, normalised name, company number and whether it is
-- redacted), with its payments and spend: matching works on payees, not on payment rows.
SELECT
    supplier_id,
    normalise_name(supplier_name) AS name_key,
    normalise_company_number(company_number) AS company_number_key,
    is_redacted(supplier_name, $redaction_markers) AS redacted,
    min(supplier_name) AS ledger_name,
    count(*) AS payments,
    sum(amount) AS spend
FROM ledger_transactions
GROUP BY ALL
