-- Years and bases where the mart does not reconcile with the ledger (no rows when it does): the all base holds
-- every loaded row, the influenceable base those no exclusion rule of located_transactions matched.
WITH ledger AS (
    SELECT t.fiscal_year, b.base, count(*) AS ledger_rows, sum(t.amount) AS ledger_amount
    FROM ledger_transactions AS t
    LEFT JOIN (SELECT source_file, source_line FROM located_transactions WHERE influenceable_exclusion IS NOT NULL)
        AS x USING (source_file, source_line)
    JOIN (VALUES ('all'), ('influenceable')) AS b(base) ON b.base = 'all' OR x.source_line IS NULL
    GROUP BY t.fiscal_year, b.base
)
SELECT
    coalesce(l.fiscal_year, m.fiscal_year) AS fiscal_year,
    coalesce(l.base, m.base) AS base,
    coalesce(l.ledger_rows, 0) AS ledger_rows,
    coalesce(l.ledger_amount, 0) AS ledger_amount,
    coalesce(m.payments, 0) AS payments,
    coalesce(m.total_spend, 0) AS total_spend,
    coalesce(m.home_spend + m.region_spend + m.elsewhere_spend + m.unknown_spend, 0) AS rings,
    coalesce(m.office_home_spend + m.office_region_spend + m.office_elsewhere_spend + m.office_unknown_spend, 0)
        AS office_rings
FROM ledger AS l
FULL JOIN mart_local_spend_by_year AS m USING (fiscal_year, base)
WHERE l.ledger_amount IS DISTINCT FROM m.total_spend
   OR l.ledger_rows IS DISTINCT FROM m.payments
   OR m.home_spend + m.region_spend + m.elsewhere_spend + m.unknown_spend IS DISTINCT FROM m.total_spend
   OR m.office_home_spend + m.office_region_spend + m.office_elsewhere_spend + m.office_unknown_spend
       IS DISTINCT FROM m.total_spend
ORDER BY 1, 2
