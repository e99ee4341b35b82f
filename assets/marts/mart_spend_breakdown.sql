-- Spend by financial year and base broken down along each dimension: department, expense_type, category (when the
-- ledger has one), sic_section, supplier_type, size_band, month (YYYY-MM of the payment) and top_n (whether the
-- payment's supplier is in the year's top N of mart_top_suppliers). For each value: payments, spend in each ring
-- "based or branched" and by office alone, the shares, and its share of the base. A missing value is '(not known)',
-- so that every dimension adds up to the year's total on its base.
WITH payments AS (
    SELECT
        p.fiscal_year,
        p.base,
        p.amount,
        p.ring,
        p.office_ring,
        p.department,
        p.expense_type,
        p.category,
        p.sic_section,
        p.supplier_type,
        p.size_band,
        strftime(p.payment_date, '%Y-%m') AS month,
        CASE WHEN t.supplier_group IS NOT NULL THEN 'top ' || $top_n ELSE 'outside the top ' || $top_n END AS top_n
    FROM payments_by_base AS p
    LEFT JOIN mart_top_suppliers AS t USING (fiscal_year, base, supplier_group)
),
grouped AS (
    SELECT
        fiscal_year,
        base,
        CASE
            WHEN grouping(department) = 0 THEN 'department'
            WHEN grouping(expense_type) = 0 THEN 'expense_type'
            WHEN grouping(category) = 0 THEN 'category'
            WHEN grouping(sic_section) = 0 THEN 'sic_section'
            WHEN grouping(supplier_type) = 0 THEN 'supplier_type'
            WHEN grouping(size_band) = 0 THEN 'size_band'
            WHEN grouping(month) = 0 THEN 'month'
            ELSE 'top_n'
        END AS dimension,
        coalesce(
            CASE
                WHEN grouping(department) = 0 THEN department
                WHEN grouping(expense_type) = 0 THEN expense_type
                WHEN grouping(category) = 0 THEN category
                WHEN grouping(sic_section) = 0 THEN sic_section
                WHEN grouping(supplier_type) = 0 THEN supplier_type
                WHEN grouping(size_band) = 0 THEN size_band
                WHEN grouping(month) = 0 THEN month
                ELSE top_n
            END,
            '(not known)'
        ) AS value,
        count(*) AS payments,
        CAST(sum(amount) AS DECIMAL(18, 2)) AS total_spend,
        spend_in(amount, ring, 'home') AS home_spend,
        spend_in(amount, ring, 'region') AS region_spend,
        spend_in(amount, ring, 'elsewhere') AS elsewhere_spend,
        spend_in(amount, ring, 'unknown') AS unknown_spend,
        spend_in(amount, office_ring, 'home') AS office_home_spend,
        spend_in(amount, office_ring, 'region') AS office_region_spend,
        spend_in(amount, office_ring, 'elsewhere') AS office_elsewhere_spend,
        spend_in(amount, office_ring, 'unknown') AS office_unknown_spend
    FROM payments
    GROUP BY GROUPING SETS (
        (fiscal_year, base, department),
        (fiscal_year, base, expense_type),
        (fiscal_year, base, category),
        (fiscal_year, base, sic_section),
        (fiscal_year, base, supplier_type),
        (fiscal_year, base, size_band),
        (fiscal_year, base, month),
        (fiscal_year, base, top_n)
    )
)
SELECT
    g.fiscal_year,
    g.base,
    g.dimension,
    g.value,
    g.payments,
    g.total_spend,
    g.home_spend,
    g.region_spend,
    g.elsewhere_spend,
    g.unknown_spend,
    share_of(g.home_spend, g.total_spend) AS home_share,
    share_of(g.home_spend + g.region_spend, g.total_spend) AS home_and_region_share,
    share_of(g.unknown_spend, g.total_spend) AS unknown_share,
    share_of(g.total_spend, sum(g.total_spend) OVER (PARTITION BY g.fiscal_year, g.base, g.dimension))
        AS share_of_base,
    g.office_home_spend,
    g.office_region_spend,
    g.office_elsewhere_spend,
    g.office_unknown_spend,
    share_of(g.office_home_spend, g.total_spend) AS office_home_share,
    share_of(g.office_home_spend + g.office_region_spend, g.total_spend)
        AS office_home_and_region_share,
    m.months
FROM grouped AS g
JOIN ledger_months AS m USING (fiscal_year)
-- category only where the ledger has one
WHERE g.dimension <> 'category' OR EXISTS (SELECT 1 FROM located_transactions WHERE category IS NOT NULL)
ORDER BY g.fiscal_year, g.base, g.dimension, g.total_spend DESC, g.value
