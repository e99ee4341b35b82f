-- The analyst's decisions, resolved to suppliers: by supplier_id when the line gives one, else by supplier_line
-- (the supplier file's line, as `spend review` writes it), else by a normalised supplier name exactly one supplier
-- has. problem says why a line cannot be used: it names no single supplier, or its supplier_name is not that
-- supplier's name (an id or line pointing at a different firm).
WITH resolved AS (
    SELECT
        d.*,
        normalise_name(d.ledger_name) AS name_key,
        CASE
            WHEN nullif(trim(d.supplier_id), '') IS NOT NULL
                THEN (SELECT s.supplier_key FROM suppliers AS s WHERE s.supplier_id = trim(d.supplier_id))
            WHEN TRY_CAST(d.supplier_line AS BIGINT) IS NOT NULL
                THEN (SELECT s.supplier_key FROM suppliers AS s WHERE s.supplier_key = TRY_CAST(d.supplier_line AS BIGINT))
            ELSE (
                SELECT min(s.supplier_key) FROM suppliers AS s
                WHERE s.name_key = normalise_name(d.supplier_name) HAVING count(*) = 1
            )
        END AS supplier_key
    FROM decision_rows AS d
)
SELECT
    r.line,
    r.ledger_name,
    r.name_key,
    r.supplier_key,
    r.decision,
    CASE
        WHEN r.supplier_key IS NULL THEN format(
            'the decision for ''{}'' names no single supplier of the supplier file (by supplier_id ''{}'', else '
            'supplier_line ''{}'', else a name only one supplier has: ''{}'')',
            r.ledger_name, coalesce(r.supplier_id, ''), coalesce(r.supplier_line, ''), coalesce(r.supplier_name, '')
        )
        WHEN nullif(trim(r.supplier_name), '') IS NOT NULL AND normalise_name(r.supplier_name) IS DISTINCT FROM s.name_key
            THEN format(
                'the decision for ''{}'' names supplier ''{}'', but that supplier is ''{}'' in the supplier file',
                r.ledger_name, r.supplier_name, s.supplier_name
            )
    END AS problem
FROM resolved AS r
LEFT JOIN suppliers AS s USING (supplier_key)
ORDER BY r.line
