-- CLES's top-supplier table, one row per financial year and base: the spend of the top N suppliers
-- (mart_top_suppliers) and its share of the base, and how many of the N and how much of their spend are home,
-- region, elsewhere and unknown, "based or branched" and by office alone (counts add up to the suppliers ranked,
-- spends to the top spend).
WITH bases AS (
    SELECT fiscal_year, base, CAST(sum(amount) AS DECIMAL(18, 2)) AS base_spend
    FROM payments_by_base
    GROUP BY fiscal_year, base
),
top AS (
    SELECT
        fiscal_year,
        base,
        count(*) AS suppliers,
        sum(spend) AS top_spend,
        count(*) FILTER (WHERE ring = 'home') AS home_suppliers,
        count(*) FILTER (WHERE ring = 'region') AS region_suppliers,
        count(*) FILTER (WHERE ring = 'elsewhere') AS elsewhere_suppliers,
        count(*) FILTER (WHERE ring = 'unknown') AS unknown_suppliers,
        spend_in(spend, ring, 'home') AS home_spend,
        spend_in(spend, ring, 'region') AS region_spend,
        spend_in(spend, ring, 'elsewhere') AS elsewhere_spend,
        spend_in(spend, ring, 'unknown') AS unknown_spend,
        count(*) FILTER (WHERE office_ring = 'home') AS office_home_suppliers,
        count(*) FILTER (WHERE office_ring = 'region') AS office_region_suppliers,
        spend_in(spend, office_ring, 'home') AS office_home_spend,
        spend_in(spend, office_ring, 'region') AS office_region_spend,
        any_value(months) AS months
    FROM mart_top_suppliers
    GROUP BY fiscal_year, base
)
SELECT
    t.fiscal_year,
    t.base,
    $top_n AS top_n,
    t.suppliers,
    t.top_spend,
    b.base_spend,
    share_of(t.top_spend, b.base_spend) AS top_share_of_base,
    t.home_suppliers,
    t.region_suppliers,
    t.elsewhere_suppliers,
    t.unknown_suppliers,
    t.home_spend,
    t.region_spend,
    t.elsewhere_spend,
    t.unknown_spend,
    share_of(t.home_spend, t.top_spend) AS home_share,
    share_of(t.home_spend + t.region_spend, t.top_spend) AS home_and_region_share,
    t.office_home_suppliers,
    t.office_region_suppliers,
    t.office_home_spend,
    t.office_region_spend,
    t.months
FROM top AS t
JOIN bases AS b USING (fiscal_year, base)
ORDER BY t.fiscal_year, t.base
