-- Each survey row with its supplier's party (survey_links) and the reason it cannot be used: its own problem, else
-- a supplier no rule links to a party, else a second survey of the same supplier and year (the line above counts).
WITH linked AS (
    SELECT r.*, l.party_id, l.link_method
    FROM survey_rows AS r
    LEFT JOIN survey_links AS l ON l.register_key = r.source_line
)
SELECT
    *,
    CASE
        WHEN problem IS NOT NULL THEN problem
        WHEN party_id IS NULL THEN format('unknown supplier: no supplier or payee is {}',
            concat_ws(', ', 'supplier_id ' || supplier_id, 'named ' || supplier_name, 'company ' || company_number))
        WHEN min(source_line) FILTER (WHERE problem IS NULL AND party_id IS NOT NULL)
            OVER (PARTITION BY party_id, fiscal_year) < source_line THEN format(
            'surveyed twice: line {} is the same supplier''s survey for {}',
            min(source_line) FILTER (WHERE problem IS NULL AND party_id IS NOT NULL)
                OVER (PARTITION BY party_id, fiscal_year), fiscal_year)
    END AS reason
FROM linked
