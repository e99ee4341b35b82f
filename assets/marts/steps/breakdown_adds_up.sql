-- Years, bases and dimensions of mart_spend_breakdown whose payments or spend differ from the year's on its base
-- in mart_local_spend_by_year (no rows when every dimension adds up).
WITH dimensions AS (
    SELECT fiscal_year, base, dimension, sum(payments) AS payments, sum(total_spend) AS total_spend,
        sum(home_spend + region_spend + elsewhere_spend + unknown_spend) AS rings
    FROM mart_spend_breakdown
    GROUP BY ALL
)
SELECT d.fiscal_year, d.base, d.dimension, d.payments, d.total_spend, d.rings, y.payments, y.total_spend
FROM dimensions AS d
LEFT JOIN mart_local_spend_by_year AS y USING (fiscal_year, base)
WHERE d.payments IS DISTINCT FROM y.payments OR d.total_spend IS DISTINCT FROM y.total_spend
    OR d.rings IS DISTINCT FROM y.total_spend
UNION ALL
-- a year and base of the mart with no breakdown at all
SELECT y.fiscal_year, y.base, '(every dimension)', NULL, NULL, NULL, y.payments, y.total_spend
FROM mart_local_spend_by_year AS y
ANTI JOIN mart_spend_breakdown AS d USING (fiscal_year, base)
ORDER BY 1, 2, 3
