-- Periods (each year, and 'all') and views of mart_location_coverage that do not sum to the located ledger, in all
-- or in its unknown spend (no rows when every pound is accounted for).
WITH ledger AS (
    SELECT coalesce(fiscal_year, 'all') AS fiscal_year, sum(amount) AS total,
        coalesce(sum(amount) FILTER (WHERE ring = 'unknown'), 0) AS unknown
    FROM located_transactions
    GROUP BY GROUPING SETS ((fiscal_year), ())
),
coverage AS (
    SELECT fiscal_year, view, sum(spend) AS total, coalesce(sum(spend) FILTER (WHERE ring = 'unknown'), 0) AS unknown
    FROM mart_location_coverage
    GROUP BY ALL
)
SELECT l.fiscal_year, v.view, coalesce(c.total, 0), l.total, coalesce(c.unknown, 0), l.unknown
FROM ledger AS l
CROSS JOIN (VALUES ('link'), ('location')) AS v(view)
LEFT JOIN coverage AS c USING (fiscal_year, view)
WHERE l.total IS NOT NULL AND (coalesce(c.total, 0) <> l.total OR (v.view = 'location' AND c.unknown <> l.unknown))
ORDER BY 1, 2
