-- The target of each year from the baseline to the last stated one, per measure and base (stated_targets holds
-- what the analysis states): a share as stated, or percentage points over the baseline year's actual share; a year
-- between the baseline and a stated year, or between two stated years, lies on the straight line between them.
-- target_basis says which, in words. No target where the baseline year has no spend and the target needs it.
WITH baseline AS (
    SELECT base, measure, share_of(sum(spend), sum(total)) AS share
    FROM measures_by_month
    WHERE fiscal_year = {baseline_year}
    GROUP BY base, measure
),
stated AS (
    SELECT
        t.measure,
        t.base,
        CAST(left(t.fiscal_year, 4) AS INTEGER) AS start_year,
        CASE t.kind WHEN 'share' THEN t.value ELSE b.share + t.value / 100 END AS target_share,
        CASE t.kind
            WHEN 'share' THEN 'stated share'
            ELSE format('stated: {} percentage points over the baseline', t.value)
        END AS target_basis
    FROM stated_targets AS t
    LEFT JOIN baseline AS b USING (base, measure)
),
anchors AS (
    SELECT measure, base, start_year, target_share, true AS stated FROM stated
    UNION ALL
    SELECT DISTINCT s.measure, s.base, CAST(left({baseline_year}, 4) AS INTEGER), b.share, false
    FROM stated AS s
    LEFT JOIN baseline AS b USING (base, measure)
),
segments AS (
    SELECT
        *,
        lead(start_year) OVER series AS next_year,
        lead(target_share) OVER series AS next_share
    FROM anchors
    -- a target stated for the baseline year itself starts the line in place of the actual share
    WINDOW series AS (PARTITION BY measure, base ORDER BY start_year, stated)
),
trajectory AS (
    SELECT
        measure,
        base,
        unnest(range(start_year + 1, next_year)) AS year_between,
        start_year,
        target_share,
        next_year,
        next_share
    FROM segments
    WHERE next_year > start_year + 1
),
targets AS (
    SELECT measure, base, start_year, target_share, target_basis FROM stated
    UNION ALL
    SELECT
        measure,
        base,
        year_between,
        target_share + (next_share - target_share) * (year_between - start_year) / (next_year - start_year),
        format('trajectory: straight line from {} to {}', fiscal_year_of(start_year), fiscal_year_of(next_year))
    FROM trajectory
)
SELECT fiscal_year_of(start_year) AS fiscal_year, measure, base, target_share, target_basis
FROM targets
