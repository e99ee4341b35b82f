-- Per council and year, the figures councils publish side by side: total and influenceable spend; where all of it
-- went (home, region, elsewhere, unknown: £ and shares); the share placed; the home share of its 300 largest
-- suppliers; how many suppliers it paid (redacted payees are not suppliers); the change of its home share against
-- its own baseline (percentage points); its rank by home share among the councils of its group (council_group: the
-- first group naming one of its home LAD codes) and among all; a year the ledger covers in part is marked. Every
-- figure is the council's own single run's (council_spend is its mart_local_spend_by_year, council_top_suppliers
-- its mart_top_suppliers, council_supplier_spend its mart_supplier_spend).
WITH all_spend AS (
    SELECT * FROM council_spend WHERE base = 'all'
),
influenceable AS (
    SELECT council, fiscal_year, total_spend AS influenceable_spend, home_share AS influenceable_home_share
    FROM council_spend
    WHERE base = 'influenceable'
),
top_300 AS (
    SELECT
        council,
        fiscal_year,
        sum(spend) FILTER (WHERE ring = 'home') / nullif(sum(spend), 0) AS top_300_home_share
    FROM council_top_suppliers
    WHERE base = 'all' AND rank <= 300
    GROUP BY ALL
),
suppliers AS (
    SELECT council, fiscal_year, count(*) AS suppliers_paid
    FROM council_supplier_spend
    WHERE base = 'all'
    GROUP BY ALL
)
SELECT
    a.council,
    n.council_name,
    a.fiscal_year,
    a.months < 12 AS partial_year,
    a.months,
    a.is_baseline,
    a.payments,
    p.suppliers_paid,
    a.total_spend,
    i.influenceable_spend,
    a.home_spend,
    a.region_spend,
    a.elsewhere_spend,
    a.unknown_spend,
    a.home_share,
    a.home_and_region_share,
    1 - a.unknown_share AS placed_share,
    i.influenceable_home_share,
    t.top_300_home_share,
    100 * (a.home_share - max(a.home_share) FILTER (WHERE a.is_baseline) OVER (PARTITION BY a.council))
        AS home_share_change_points,
    g.group_name,
    CASE WHEN g.group_name IS NOT NULL
        THEN rank() OVER (PARTITION BY g.group_name, a.fiscal_year ORDER BY a.home_share DESC) END AS group_rank,
    rank() OVER (PARTITION BY a.fiscal_year ORDER BY a.home_share DESC) AS national_rank
FROM all_spend AS a
JOIN council_names AS n USING (council)
LEFT JOIN influenceable AS i USING (council, fiscal_year)
LEFT JOIN top_300 AS t USING (council, fiscal_year)
LEFT JOIN suppliers AS p USING (council, fiscal_year)
LEFT JOIN council_group AS g USING (council)
ORDER BY a.fiscal_year, a.council
