-- One row per financial year and base: spend in each ring (home, region, elsewhere, unknown; credit notes included,
-- the four adding up to the total), the shares of the total, and the baseline and targets of the analysis. The
-- `all` base holds every payment; `influenceable` leaves out what the analysis's exclusion rules match
-- (base_definition says which). Rings are "based or branched" (a supplier's declared local site counts, CLES); the
-- office_* columns give the same figures by each supplier's office alone. months: months of ledger in the year.
-- target_home_share is the analysis's home-share target for the year on the row's base (year_targets: stated, or
-- on the trajectory to a stated one).
WITH years AS (
    SELECT
        fiscal_year,
        base,
        any_value(base_definition) AS base_definition,
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
    FROM payments_by_base
    GROUP BY fiscal_year, base
),
shares AS (
    SELECT
        *,
        share_of(home_spend, total_spend) AS home_share,
        share_of(home_spend + region_spend, total_spend) AS home_and_region_share,
        share_of(unknown_spend, total_spend) AS unknown_share,
        share_of(office_home_spend, total_spend) AS office_home_share,
        share_of(office_home_spend + office_region_spend, total_spend)
            AS office_home_and_region_share
    FROM years
),
targets AS (
    SELECT fiscal_year, base, target_share AS target_home_share FROM year_targets WHERE measure = 'home_share'
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
