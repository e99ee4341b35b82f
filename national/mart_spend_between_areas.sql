-- Per paying council, year and district its money lands in (where its suppliers are placed, based or branched):
-- the spend and payments on all of its spend, the district's ring as the paying council sees it, whether the
-- district is in the paying council's group, and which registered council's home it is: where each council's money
-- lands, how much of a group's spend stays in the group, and how it flows between its members. Spend placed in no
-- district is one row per ring with no lad_code, so that each council's year adds up to its total.
SELECT
    s.council AS paying_council,
    s.fiscal_year,
    s.lad_code,
    s.lad_name,
    s.ring,
    r.council AS receiving_council,
    g.group_name,
    CASE WHEN g.group_name IS NOT NULL
        THEN s.lad_code IN (SELECT lad_code FROM council_groups AS m WHERE m.group_name = g.group_name) END
        AS within_group,
    s.payments,
    s.spend
FROM council_spend_by_lad AS s
LEFT JOIN (
    SELECT council, unnest(string_split(council, '+')) AS lad_code FROM council_names
) AS r ON r.lad_code = s.lad_code
LEFT JOIN council_group AS g ON g.council = s.council
WHERE s.base = 'all' AND s.council IN (SELECT council FROM council_names)
ORDER BY s.fiscal_year, s.council, s.spend DESC, s.lad_code
