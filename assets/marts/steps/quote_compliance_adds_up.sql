-- What does not add up in the quote compliance marts: an invitee of the quotations table in no exercise or counted
-- twice (the exercises' invitees against the table's rows), an exercise whose rings do not add up to its invitees,
-- or a year whose departments do not add up to '(all departments)' (exercises, each outcome, value).
SELECT 'invitees' AS what, '(all years)' AS fiscal_year, CAST(m.n AS VARCHAR) AS found, CAST(q.n AS VARCHAR) AS expected
FROM (SELECT coalesce(sum(invitees), 0) AS n FROM mart_quote_compliance) AS m,
    (SELECT count(*) AS n FROM quotations) AS q
WHERE m.n <> q.n
UNION ALL
SELECT 'rings of exercise ' || exercise_id, fiscal_year,
    CAST(home_invitees + region_invitees + elsewhere_invitees + unknown_invitees AS VARCHAR), CAST(invitees AS VARCHAR)
FROM mart_quote_compliance
WHERE home_invitees + region_invitees + elsewhere_invitees + unknown_invitees <> invitees
UNION ALL
SELECT 'departments', a.fiscal_year, d.summed, a.stated
FROM (
    SELECT fiscal_year, format('{} exercises: {} home, {} region, {} breaches, {} not known, £{}', exercises,
        compliant_home, compliant_region, breaches, not_known, coalesce(exercise_value, 0)) AS stated
    FROM mart_quote_compliance_by_year WHERE department = '(all departments)'
) AS a
FULL JOIN (
    SELECT fiscal_year, format('{} exercises: {} home, {} region, {} breaches, {} not known, £{}', sum(exercises),
        sum(compliant_home), sum(compliant_region), sum(breaches), sum(not_known), coalesce(sum(exercise_value), 0))
        AS summed
    FROM mart_quote_compliance_by_year WHERE department <> '(all departments)' GROUP BY fiscal_year
) AS d USING (fiscal_year)
WHERE a.stated IS DISTINCT FROM d.summed
