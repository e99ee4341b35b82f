-- Decisions that name no single supplier of the supplier file (by supplier_id when given, else by a normalised
-- supplier name exactly one supplier has): line, ledger name, supplier as written.
SELECT d.line, d.ledger_name, coalesce(nullif(trim(d.supplier_id), ''), d.supplier_name)
FROM decision_rows AS d
WHERE (
    SELECT count(*) FROM suppliers AS s
    WHERE CASE WHEN nullif(trim(d.supplier_id), '') IS NOT NULL THEN s.supplier_id = trim(d.supplier_id)
        ELSE s.name_key = normalise_name(d.supplier_name) END
) <> 1
ORDER BY d.line
