-- The analyst's decisions, keyed like the matching: the payee's normalised name, and the candidate supplier by
-- supplier_id when the decision gives one, else by normalised supplier name (only when exactly one has it).
-- A later line for the same pair overrides an earlier one.
WITH resolved AS (
    SELECT
        normalise_name(d.ledger_name) AS decided_name_key,
        coalesce(i.supplier_key, n.supplier_key) AS decided_supplier_key,
        d.decision,
        d.line
    FROM decision_rows AS d
    LEFT JOIN suppliers AS i ON i.supplier_id = nullif(trim(d.supplier_id), '')
    LEFT JOIN (
        SELECT name_key, min(supplier_key) AS supplier_key FROM suppliers GROUP BY name_key HAVING count(*) = 1
    ) AS n ON nullif(trim(d.supplier_id), '') IS NULL AND n.name_key = normalise_name(d.supplier_name)
)
SELECT decided_name_key AS name_key, decided_supplier_key AS supplier_key, decision, line
FROM resolved
WHERE decided_supplier_key IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY decided_name_key, decided_supplier_key ORDER BY line DESC) = 1
