-- One row per financial year and base: spend in each ring (home, region, elsewhere, unknown; credit notes included,
-- the four adding up to the total), the shares of the total, and the baseline and targets of the analysis. The
-- `all` base holds every payment; `influenceable` leaves out what the analysis's exclusion rules match
-- (base_definition says which). Rings are "based or branched" (a supplier's declared local site counts, CLES); the
-- office_* columns give the same figures by each supplier's office alone. months: months of ledger in the year.
-- Targets are the policy's home share, set against the `all` base.
WITH years AS (
    SELECT
        fiscal_year,
        base,
        any_value(base_definition) AS base_definition,
        count(*) AS payments,
        CAST(sum(amount) AS DECIMAL(18, 2)) AS total_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE ring = 'home'), 0) AS DECIMAL(18, 2)) AS home_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE ring = 'region'), 0) AS DECIMAL(18, 2)) AS region_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE ring = 'elsewhere'), 0) AS DECIMAL(18, 2)) AS elsewhere_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE ring = 'unknown'), 0) AS DECIMAL(18, 2)) AS unknown_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE office_ring = 'home'), 0) AS DECIMAL(18, 2)) AS office_home_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE office_ring = 'region'), 0) AS DECIMAL(18, 2)) AS office_region_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE office_ring = 'elsewhere'), 0) AS DECIMAL(18, 2))
            AS office_elsewhere_spend,
        CAST(coalesce(sum(amount) FILTER (WHERE office_ring = 'unknown'), 0) AS DECIMAL(18, 2)) AS office_unknown_spend
    FROM payments_by_base
    GROUP BY fiscal_year, base
),
shares AS (
    SELECT
        *,
        CAST(home_spend AS DOUBLE) / nullif(CAST(total_spend AS DOUBLE), 0) AS home_share,
        CAST(home_spend + region_spend AS DOUBLE) / nullif(CAST(total_spend AS DOUBLE), 0) AS home_and_region_share,
        CAST(unknown_spend AS DOUBLE) / nullif(CAST(total_spend AS DOUBLE), 0) AS unknown_share,
        CAST(office_home_spend AS DOUBLE) / nullif(CAST(total_spend AS DOUBLE), 0) AS office_home_share,
        CAST(office_home_spend + office_region_spend AS DOUBLE) / nullif(CAST(total_spend AS DOUBLE), 0)
            AS office_home_and_region_share
    FROM years
),
targets AS (
    SELECT
        unnest(CAST($target_years AS VARCHAR[])) AS fiscal_year,
        unnest(CAST($target_shares AS DOUBLE[])) AS target_home_share,
        'all' AS base
)
SELECT
    s.fiscal_year,
    s.base,
    s.payments,
    s.total_spend,
    s.home_spend,
    s.region_spend,
    s.elsewhere_spend,
    s.unknown_spend,
    s.home_share,
    s.home_and_region_share,
    s.unknown_share,
    s.fiscal_year = $baseline_year AS is_baseline,
    t.target_home_share,
    t.target_home_share - s.home_share AS gap_to_target,
    s.office_home_spend,
    s.office_region_spend,
    s.office_elsewhere_spend,
    s.office_unknown_spend,
    s.office_home_share,
    s.office_home_and_region_share,
    m.months,
    s.base_definition
FROM shares AS s
JOIN ledger_months AS m USING (fiscal_year)
LEFT JOIN targets AS t USING (fiscal_year, base)
ORDER BY s.fiscal_year, s.base
