-- Per base, financial year and month of it (fiscal_month 1 = April ... 12 = March), the spend each target measure
-- counts (spend) beside all the spend on the base (total): home (ring home), home_and_region (home or region),
-- sme and vcse (by supplier type). A measure's share over any months is sum(spend) / sum(total) over them. Rings
-- are based-or-branched, as the headline's; base_definition says what the base holds. One definition for targets,
-- progress and projections.
WITH months AS (
    SELECT
        base,
        base_definition,
        fiscal_year,
        (month(payment_date) + 8) % 12 + 1 AS fiscal_month,
        CAST(sum(amount) AS DECIMAL(18, 2)) AS total,
        spend_in(amount, ring, 'home') AS home_share,
        CAST(coalesce(sum(amount) FILTER (WHERE ring IN ('home', 'region')), 0) AS DECIMAL(18, 2))
            AS home_and_region_share,
        spend_in(amount, supplier_type, 'sme') AS sme_share,
        spend_in(amount, supplier_type, 'vcse') AS vcse_share
    FROM payments_by_base
    GROUP BY ALL
)
UNPIVOT months
ON home_share, home_and_region_share, sme_share, vcse_share
INTO NAME measure VALUE spend
