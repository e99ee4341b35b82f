-- Every candidate supplier for a payee name no exact rule linked, with its score (0-100) and where it stands:
-- linked_by_score (the one best, at or above accept_score), accepted or rejected (the analyst's decision, read
-- from the decisions file), superseded (the name is linked to another candidate), or pending (no decision yet;
-- never accepted silently). payments and spend are those of the name's payees the exact rules left unlinked.
WITH names AS (
    SELECT name_key, min(ledger_name) AS ledger_name, sum(payments) AS payments, sum(spend) AS spend,
        any_value(supplier_key) FILTER (WHERE link_method IN ('reviewed', 'fuzzy')) AS linked_supplier_key
    FROM supplier_matches
    WHERE link_method IN ('reviewed', 'fuzzy', 'unmatched', 'ambiguous_name')
    GROUP BY name_key
)
SELECT
    n.ledger_name,
    c.name_key,
    n.payments,
    n.spend,
    c.supplier_key,
    s.source_line AS supplier_line,
    s.supplier_id,
    s.supplier_name,
    c.score,
    d.decision,
    CASE
        WHEN d.decision = 'accept' THEN 'accepted'
        WHEN d.decision = 'reject' THEN 'rejected'
        WHEN n.linked_supplier_key = c.supplier_key THEN 'linked_by_score'
        WHEN n.linked_supplier_key IS NOT NULL THEN 'superseded'
        ELSE 'pending'
    END AS status
FROM match_candidates AS c
JOIN names AS n USING (name_key)
JOIN suppliers AS s USING (supplier_key)
LEFT JOIN match_decisions AS d ON d.name_key = c.name_key AND d.supplier_key = c.supplier_key
ORDER BY n.spend DESC, c.name_key, c.score DESC, c.supplier_key
