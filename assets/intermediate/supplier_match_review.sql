-- Every candidate supplier for a payee name that no exact rule linked, with its score (0-100) and where it
-- stands: linked_by_score (at or above accept_score, the one best), pending (the analyst has not decided;
-- never accepted silently), accepted or rejected (the analyst's decision, read from the decisions file).
WITH names AS (
    SELECT name_key, min(ledger_name) AS ledger_name, sum(payments) AS payments, sum(spend) AS spend,
        list_distinct(list(link_method)) AS link_methods
    FROM supplier_matches
    WHERE NOT redacted
    GROUP BY name_key
)
SELECT
    n.ledger_name,
    c.name_key,
    n.payments,
    n.spend,
    c.supplier_key,
    s.supplier_id,
    s.supplier_name,
    c.score,
    d.decision,
    CASE
        WHEN d.decision = 'accept' THEN 'accepted'
        WHEN d.decision = 'reject' THEN 'rejected'
        WHEN EXISTS (
            SELECT 1 FROM supplier_matches AS m
            WHERE m.name_key = c.name_key AND m.link_method = 'fuzzy' AND m.supplier_key = c.supplier_key
        ) THEN 'linked_by_score'
        ELSE 'pending'
    END AS status
FROM match_candidates AS c
JOIN names AS n USING (name_key)
JOIN suppliers AS s USING (supplier_key)
LEFT JOIN match_decisions AS d ON d.name_key = c.name_key AND d.supplier_key = c.supplier_key
ORDER BY n.spend DESC, c.name_key, c.score DESC, c.supplier_key
