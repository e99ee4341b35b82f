-- Rows of mart_living_wage that do not add up: the year's total on a base differs from mart_local_spend_by_year's,
-- the rings of accredited spend differ from it, or accredited spend exceeds the total where no credit notes could
-- explain it; and, on the all base over every year, the employers' spend since accreditation differs from the
-- mart's accredited spend (year '(all years)').
SELECT w.fiscal_year, w.base, w.total_spend, y.total_spend AS ledger_total, w.accredited_spend,
    w.accredited_home_spend + w.accredited_region_spend + w.accredited_elsewhere_spend + w.accredited_unknown_spend
        AS rings
FROM mart_living_wage AS w
LEFT JOIN mart_local_spend_by_year AS y USING (fiscal_year, base)
WHERE w.total_spend IS DISTINCT FROM y.total_spend
    OR w.accredited_home_spend + w.accredited_region_spend + w.accredited_elsewhere_spend + w.accredited_unknown_spend
        <> w.accredited_spend
UNION ALL
SELECT '(all years)', 'all', NULL, NULL, m.spend, e.spend
FROM (SELECT sum(accredited_spend) AS spend FROM mart_living_wage WHERE base = 'all') AS m,
    (SELECT sum(spend_since_accredited) AS spend FROM mart_living_wage_employers) AS e
WHERE m.spend IS DISTINCT FROM e.spend AND m.spend IS NOT NULL
