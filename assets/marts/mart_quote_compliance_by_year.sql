-- Per financial year and department (and every department together, '(all departments)'): the written quotation
-- exercises, how many kept the local-quote rule by a home invitee or by the region, how many broke it and how many
-- cannot be judged yet (an invitee not placed); the compliant share is of the exercises that can be judged.
SELECT
    fiscal_year,
    CASE WHEN grouping(department) = 1 THEN '(all departments)' ELSE coalesce(department, '(not known)') END
        AS department,
    count(*) AS exercises,
    count(*) FILTER (WHERE compliance = 'home') AS compliant_home,
    count(*) FILTER (WHERE compliance = 'region') AS compliant_region,
    count(*) FILTER (WHERE compliance = 'breach') AS breaches,
    count(*) FILTER (WHERE compliance = 'not known') AS not_known,
    share_of(count(*) FILTER (WHERE compliant), count(*) FILTER (WHERE compliant IS NOT NULL)) AS compliant_share,
    sum(exercise_value) AS exercise_value,
    coalesce(sum(exercise_value) FILTER (WHERE compliance = 'breach'), 0) AS breach_value,
    string_agg(exercise_id, '; ' ORDER BY exercise_id) FILTER (WHERE compliance = 'breach') AS breach_exercises
FROM mart_quote_compliance
GROUP BY GROUPING SETS ((fiscal_year), (fiscal_year, department))
ORDER BY fiscal_year, grouping(department) DESC, department
