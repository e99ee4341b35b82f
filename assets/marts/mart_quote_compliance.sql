-- One row per written quotation exercise: who was invited and where (rings by supplier_locations, "based or
-- branched"), who responded and who was awarded, and whether the exercise kept the policy's rule: at least one
-- invitee from the home area (compliance 'home'), else at least one from the region ('region'); else a breach, or
-- 'not known' when an invitee could not be placed and might have been local. reason says why when it is not 'home'.
WITH invitees AS (
    SELECT q.*, coalesce(l.ring, 'unknown') AS ring, l.method
    FROM quotations AS q
    LEFT JOIN supplier_locations AS l ON l.party_id = 'Q' || q.source_line
),
exercises AS (
    SELECT
        exercise_id,
        any_value(fiscal_year) AS fiscal_year,
        any_value(exercise_date) AS exercise_date,
        any_value(exercise_value) AS exercise_value,
        any_value(department) AS department,
        any_value(category) AS category,
        count(*) AS invitees,
        count(*) FILTER (WHERE ring = 'home') AS home_invitees,
        count(*) FILTER (WHERE ring = 'region') AS region_invitees,
        count(*) FILTER (WHERE ring = 'elsewhere') AS elsewhere_invitees,
        count(*) FILTER (WHERE ring = 'unknown') AS unknown_invitees,
        count(*) FILTER (WHERE responded) AS responses,
        count(*) FILTER (WHERE responded AND ring IN ('home', 'region')) AS local_responses,
        string_agg(supplier_name || ' (' || ring || ')', '; ' ORDER BY source_line) AS invited,
        string_agg(supplier_name, '; ' ORDER BY source_line) FILTER (WHERE awarded) AS awarded_to,
        string_agg(DISTINCT ring, ', ') FILTER (WHERE awarded) AS awarded_rings,
        string_agg(DISTINCT method, ', ') FILTER (WHERE ring = 'unknown') AS unknown_because
    FROM invitees
    GROUP BY exercise_id
),
judged AS (
    SELECT
        *,
        CASE
            WHEN home_invitees > 0 THEN 'home'
            WHEN region_invitees > 0 THEN 'region'
            WHEN unknown_invitees > 0 THEN 'not known'
            ELSE 'breach'
        END AS compliance
    FROM exercises
)
SELECT
    fiscal_year,
    exercise_id,
    exercise_date,
    exercise_value,
    department,
    category,
    invitees,
    home_invitees,
    region_invitees,
    elsewhere_invitees,
    unknown_invitees,
    responses,
    local_responses,
    invited,
    awarded_to,
    awarded_rings,
    compliance,
    CASE compliance WHEN 'breach' THEN false WHEN 'not known' THEN NULL ELSE true END AS compliant,
    CASE compliance
        WHEN 'region' THEN format('no invitee from {}: compliant by the region ({} invitee(s) in {})',
            $home_name, region_invitees, $region_name)
        WHEN 'not known' THEN format(
            'no invitee from {} or {} is known; {} invitee(s) could not be placed ({}): place them to decide',
            $home_name, $region_name, unknown_invitees, unknown_because)
        WHEN 'breach' THEN format('no invitee from {} or {}: all {} invitee(s) are elsewhere',
            $home_name, $region_name, invitees)
    END AS reason
FROM judged
ORDER BY fiscal_year, exercise_date, exercise_id
