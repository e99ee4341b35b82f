-- Years where the mart does not reconcile with the ledger (no rows when it does).
WITH ledger AS (
    SELECT fiscal_year, count(*) AS ledger_rows, sum(amount) AS ledger_amount
    FROM ledger_transactions
    GROUP BY fiscal_year
)
SELECT
    coalesce(l.fiscal_year, m.fiscal_year) AS fiscal_year,
    coalesce(l.ledger_rows, 0) AS ledger_rows,
    coalesce(l.ledger_amount, 0) AS ledger_amount,
    coalesce(m.payments, 0) AS payments,
    coalesce(m.total_spend, 0) AS total_spend,
    coalesce(m.home_spend + m.region_spend + m.elsewhere_spend + m.unknown_spend, 0) AS rings,
    coalesce(m.office_home_spend + m.office_region_spend + m.office_elsewhere_spend + m.office_unknown_spend, 0)
        AS office_rings
FROM ledger AS l
FULL JOIN mart_local_spend_by_year AS m USING (fiscal_year)
WHERE l.ledger_amount IS DISTINCT FROM m.total_spend
   OR l.ledger_rows IS DISTINCT FROM m.payments
   OR m.home_spend + m.region_spend + m.elsewhere_spend + m.unknown_spend IS DISTINCT FROM m.total_spend
   OR m.office_home_spend + m.office_region_spend + m.office_elsewhere_spend + m.office_unknown_spend
       IS DISTINCT FROM m.total_spend
ORDER BY 1
