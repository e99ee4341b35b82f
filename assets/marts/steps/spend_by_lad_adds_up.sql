-- Years and bases of mart_spend_by_lad whose payments or spend differ from the year's on its base in
-- mart_local_spend_by_year, or whose districts' rings disagree with it (no rows when the map adds up).
WITH districts AS (
    SELECT fiscal_year, base, sum(payments) AS payments, sum(spend) AS spend,
        sum(spend) FILTER (WHERE ring = 'home') AS home_spend,
        sum(spend) FILTER (WHERE ring = 'region') AS region_spend
    FROM mart_spend_by_lad
    GROUP BY ALL
)
SELECT y.fiscal_year, y.base, d.payments, d.spend, y.payments, y.total_spend
FROM mart_local_spend_by_year AS y
FULL JOIN districts AS d USING (fiscal_year, base)
WHERE d.payments IS DISTINCT FROM y.payments OR d.spend IS DISTINCT FROM y.total_spend
    OR coalesce(d.home_spend, 0) <> y.home_spend OR coalesce(d.region_spend, 0) <> y.region_spend
ORDER BY 1, 2
