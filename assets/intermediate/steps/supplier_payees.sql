-- Every distinct payee in the loaded ledger (its supplier id, normalised name, company number and whether it is
-- redacted), with its payments and spend: matching works on payees, not on payment rows. Payments are first
-- grouped as written, so names and numbers are normalised once per distinct spelling, not once per payment; the
-- keys are those located_transactions.sql computes, whose join on them must find every payment.
WITH as_written AS (
    SELECT supplier_id, supplier_name, company_number, count(*) AS payments, sum(amount) AS spend
    FROM ledger_transactions
    GROUP BY ALL
)
SELECT
    supplier_id,
    normalise_name(supplier_name) AS name_key,
    normalise_company_number(company_number) AS company_number_key,
    is_redacted(supplier_name, $redaction_markers) AS redacted,
    min(supplier_name) AS ledger_name,
    CAST(sum(payments) AS BIGINT) AS payments,
    sum(spend) AS spend
FROM as_written
GROUP BY ALL
