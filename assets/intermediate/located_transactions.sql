-- One row per loaded ledger row, linked to its supplier and placed in a ring. Payees whose names look like private
-- individuals are flagged (payee_looks_personal) for the analyst to review before anything is published.
-- Link rule: a redacted payee is never linked; else by supplier_id when both the row and a supplier carry that
-- id; else by normalised name when exactly one supplier has it. Anything unlinked is spend in an unknown place.
WITH ledger AS (
    SELECT
        *,
        normalise_name(supplier_name) AS name_key,
        len(list_filter(CAST($redaction_markers AS VARCHAR[]), lambda m: contains(lower(coalesce(supplier_name, '')), m))) > 0
            AS redacted
    FROM ledger_transactions
),
names AS (
    SELECT name_key, min(supplier_key) AS supplier_key, count(*) AS suppliers_with_name
    FROM suppliers
    GROUP BY name_key
),
linked AS (
    SELECT
        l.source_file,
        l.source_line,
        l.payment_date,
        l.fiscal_year,
        l.amount,
        l.supplier_name,
        l.supplier_id,
        l.department,
        l.expense_type,
        NOT l.redacted AND coalesce(looks_like_individual(l.supplier_name), false) AS payee_looks_personal,
        CASE
            WHEN l.redacted THEN NULL
            WHEN i.supplier_key IS NOT NULL THEN i.supplier_key
            WHEN n.suppliers_with_name = 1 THEN n.supplier_key
        END AS supplier_key,
        CASE
            WHEN l.redacted THEN 'redacted'
            WHEN i.supplier_key IS NOT NULL THEN 'supplier_id'
            WHEN l.name_key IS NULL THEN 'no_supplier_name'
            WHEN n.suppliers_with_name = 1 THEN 'name'
            WHEN n.suppliers_with_name > 1 THEN 'ambiguous_name'
            ELSE 'unmatched'
        END AS link_method
    FROM ledger AS l
    LEFT JOIN suppliers AS i ON i.supplier_id = l.supplier_id
    LEFT JOIN names AS n ON n.name_key = l.name_key
)
SELECT
    linked.*,
    s.lad_code,
    coalesce(s.tier, 'unknown') AS tier,
    coalesce(s.method, linked.link_method) AS location_method
FROM linked
LEFT JOIN supplier_locations AS s USING (supplier_key)
ORDER BY source_file, source_line
