-- Every payment on each base with what its supplier re-spends, as fractions of the income it receives (`respend`):
-- on staff in the home area, the region (home excluded) and elsewhere, and on purchases in the same three; the rest
-- it keeps. A supplier answers for a year with its survey of that year, else its latest earlier one (survey_year).
-- A supplier without one takes, by the analysis's non_respondents: nothing (exclude: `respend` is NULL), the
-- spend-weighted average answer of the surveyed suppliers of its sector on the same base and year
-- (category_average: SIC section; the overall average where none of its sector answered), or of every surveyed
-- supplier (overall_average). basis says which.
WITH answered AS (
    SELECT
        p.fiscal_year,
        p.base,
        p.payment_date,
        p.amount,
        p.ring,
        p.party_id,
        p.supplier_group,
        coalesce(l.supplier_name, p.supplier_name) AS supplier_name,
        coalesce(p.department, '(not known)') AS department,
        coalesce(p.sic_section, '(not known)') AS sector,
        s.fiscal_year AS survey_year,
        CASE WHEN s.fiscal_year IS NOT NULL THEN {
            'staff_home': s.staff_share * s.staff_home_share,
            'staff_region': s.staff_share * s.staff_region_share,
            'staff_elsewhere': s.staff_share * (1 - s.staff_home_share - s.staff_region_share),
            'purchases_home': s.purchases_share * s.purchases_home_share,
            'purchases_region': s.purchases_share * s.purchases_region_share,
            'purchases_elsewhere': s.purchases_share * (1 - s.purchases_home_share - s.purchases_region_share)
        } END AS own
    FROM payments_by_base AS p
    LEFT JOIN supplier_locations AS l USING (party_id)
    ASOF LEFT JOIN supplier_surveys AS s ON s.party_id = p.party_id AND s.fiscal_year <= p.fiscal_year
),
averages AS (
    SELECT
        fiscal_year,
        base,
        CASE WHEN grouping(sector) = 0 THEN sector END AS sector,
        {
            'staff_home': CAST(sum(amount * own.staff_home) / sum(amount) AS DECIMAL(18, 10)),
            'staff_region': CAST(sum(amount * own.staff_region) / sum(amount) AS DECIMAL(18, 10)),
            'staff_elsewhere': CAST(sum(amount * own.staff_elsewhere) / sum(amount) AS DECIMAL(18, 10)),
            'purchases_home': CAST(sum(amount * own.purchases_home) / sum(amount) AS DECIMAL(18, 10)),
            'purchases_region': CAST(sum(amount * own.purchases_region) / sum(amount) AS DECIMAL(18, 10)),
            'purchases_elsewhere': CAST(sum(amount * own.purchases_elsewhere) / sum(amount) AS DECIMAL(18, 10))
        } AS answer
    FROM answered
    WHERE own IS NOT NULL
    GROUP BY GROUPING SETS ((fiscal_year, base), (fiscal_year, base, sector))
    HAVING sum(amount) > 0
),
chosen AS (
    SELECT
        a.* EXCLUDE (own),
        CASE
            WHEN a.own IS NOT NULL THEN 'survey ' || a.survey_year
            WHEN $non_respondents = 'category_average' AND c.answer IS NOT NULL THEN 'sector average'
            WHEN $non_respondents IN ('category_average', 'overall_average') AND o.answer IS NOT NULL
                THEN 'overall average'
            ELSE 'not surveyed'
        END AS basis,
        CASE
            WHEN a.own IS NOT NULL THEN CAST(a.own AS STRUCT(staff_home DECIMAL(18, 10), staff_region DECIMAL(18, 10),
                staff_elsewhere DECIMAL(18, 10), purchases_home DECIMAL(18, 10), purchases_region DECIMAL(18, 10),
                purchases_elsewhere DECIMAL(18, 10)))
            WHEN $non_respondents = 'category_average' AND c.answer IS NOT NULL THEN c.answer
            WHEN $non_respondents IN ('category_average', 'overall_average') THEN o.answer
        END AS respend
    FROM answered AS a
    LEFT JOIN averages AS c ON c.fiscal_year = a.fiscal_year AND c.base = a.base AND c.sector = a.sector
    LEFT JOIN averages AS o ON o.fiscal_year = a.fiscal_year AND o.base = a.base AND o.sector IS NULL
)
SELECT * FROM chosen
WHERE $configured  -- without supply_chain in the analysis, no payment: LM3 and the flows are not given
