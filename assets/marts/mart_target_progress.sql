-- One row per measure and base (the home and the home-and-region share on both bases, and any other measure the
-- analysis sets a target for) and per financial year from the baseline to the last year with spend or a target:
-- the target (year_targets: stated or on the trajectory), the share to date and, for a year the ledger covers in
-- part, a year-end projection with its method and a range.
--
-- Projection: with an earlier complete year P, the year's spend so far scaled by P's profile, measure and total
-- each: spend to date x P's year / P's spend in the same months ("last complete year's monthly profile"); with no
-- complete year before it, the run rate (the share to date, both parts continuing at their pace). Range: lowest
-- and highest projection over every earlier complete year's profile, when there are two or more.
-- year_state: closed (the run is as of a day after its close day, core/as_of.py), complete (twelve months, not yet
-- closed), in progress, not started. The share judged against the target (outcome_share) is the actual share of a
-- complete or closed year, else the projection; outlook: met / missed (twelve months), on track / off track / at
-- risk (the range straddles the target), not started.
WITH series AS (
    SELECT measure, base FROM stated_targets
    UNION
    SELECT * FROM (VALUES ('home_share'), ('home_and_region_share')) AS m(measure), (VALUES ('all'), ('influenceable'))
        AS b(base)
),
monthly AS (
    SELECT m.* FROM measures_by_month AS m JOIN series USING (measure, base)
),
years AS (
    SELECT
        base,
        measure,
        fiscal_year,
        any_value(base_definition) AS base_definition,
        count(*) AS months,
        list(fiscal_month) AS months_present,
        CAST(sum(spend) AS DECIMAL(18, 2)) AS spend,
        CAST(sum(total) AS DECIMAL(18, 2)) AS total
    FROM monthly
    GROUP BY ALL
),
profiles AS (
    -- each part-covered year projected with each earlier complete year's monthly profile
    SELECT
        y.base,
        y.measure,
        y.fiscal_year,
        p.fiscal_year AS profile_year,
        CAST(any_value(y.spend) AS DOUBLE) * any_value(p.spend) / nullif(sum(m.spend), 0) AS projected_spend,
        CAST(any_value(y.total) AS DOUBLE) * any_value(p.total) / nullif(sum(m.total), 0) AS projected_total
    FROM years AS y
    JOIN years AS p
        ON p.base = y.base AND p.measure = y.measure AND p.fiscal_year < y.fiscal_year AND p.months = 12
    JOIN monthly AS m
        ON m.base = p.base AND m.measure = p.measure AND m.fiscal_year = p.fiscal_year
        AND list_contains(y.months_present, m.fiscal_month)
    WHERE y.months < 12
    GROUP BY y.base, y.measure, y.fiscal_year, p.fiscal_year
),
projections AS (
    SELECT
        base,
        measure,
        fiscal_year,
        arg_max(projected_spend, profile_year) AS projected_spend,
        arg_max(projected_total, profile_year) AS projected_total,
        max(profile_year) AS profile_year,
        CASE WHEN count(*) >= 2 THEN min(share_of(projected_spend, projected_total)) END AS projected_low,
        CASE WHEN count(*) >= 2 THEN max(share_of(projected_spend, projected_total)) END AS projected_high,
        CASE WHEN count(*) >= 2 THEN format('lowest to highest projection with the profiles of {}',
            list_sort(list(profile_year)).array_to_string(', ')) END AS range_method
    FROM profiles
    GROUP BY ALL
),
baseline AS (
    SELECT base, measure, share_of(spend, total) AS baseline_share FROM years WHERE fiscal_year = $baseline_year
),
all_years AS (
    SELECT base, measure, fiscal_year FROM years WHERE fiscal_year >= $baseline_year
    UNION
    SELECT base, measure, fiscal_year FROM year_targets
),
progress AS (
    SELECT
        a.fiscal_year,
        a.measure,
        a.base,
        a.fiscal_year = $baseline_year AS is_baseline,
        CASE
            WHEN make_date(CAST(left(a.fiscal_year, 4) AS INTEGER) + 1, $close_month, $close_day) < $as_of
                THEN 'closed'
            WHEN y.months = 12 THEN 'complete'
            WHEN y.months > 0 THEN 'in progress'
            ELSE 'not started'
        END AS year_state,
        coalesce(y.months, 0) AS months,
        t.target_share,
        t.target_basis,
        b.baseline_share,
        coalesce(y.spend, 0) AS spend_to_date,
        coalesce(y.total, 0) AS total_to_date,
        share_of(y.spend, y.total) AS share_to_date,
        CASE WHEN y.months < 12
            THEN coalesce(share_of(p.projected_spend, p.projected_total), share_of(y.spend, y.total))
        END AS projected_share,
        CASE WHEN y.months < 12 THEN CAST(round(coalesce(p.projected_spend, y.spend * 12 / y.months), 2)
            AS DECIMAL(18, 2)) END AS projected_spend,
        CASE WHEN y.months < 12 THEN CAST(round(coalesce(p.projected_total, y.total * 12 / y.months), 2)
            AS DECIMAL(18, 2)) END AS projected_total,
        CASE
            WHEN y.months < 12 AND p.profile_year IS NOT NULL
                THEN format('monthly profile of {} (last complete year)', p.profile_year)
            WHEN y.months < 12 THEN format('run rate: the {} months to date continued (no complete year before)',
                y.months)
        END AS projection_method,
        p.projected_low,
        p.projected_high,
        p.range_method,
        y.base_definition
    FROM all_years AS a
    LEFT JOIN years AS y USING (base, measure, fiscal_year)
    LEFT JOIN year_targets AS t USING (base, measure, fiscal_year)
    LEFT JOIN baseline AS b USING (base, measure)
    LEFT JOIN projections AS p USING (base, measure, fiscal_year)
),
judged AS (
    SELECT *, CASE WHEN months = 12 THEN share_to_date ELSE projected_share END AS outcome_share FROM progress
)
SELECT
    j.* EXCLUDE (base_definition),
    j.outcome_share >= j.target_share AS meets_target,
    CASE
        WHEN j.target_share IS NULL THEN NULL
        WHEN j.months = 0 THEN 'not started'
        WHEN j.months = 12 THEN CASE WHEN j.outcome_share >= j.target_share THEN 'met' ELSE 'missed' END
        WHEN j.projected_low < j.target_share AND j.projected_high >= j.target_share THEN 'at risk'
        WHEN j.outcome_share >= j.target_share THEN 'on track'
        ELSE 'off track'
    END AS outlook,
    j.outcome_share - j.baseline_share AS change_since_baseline,
    j.base_definition
FROM judged AS j
ORDER BY j.measure, j.base, j.fiscal_year
