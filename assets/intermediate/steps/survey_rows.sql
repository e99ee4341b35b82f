-- Every data row of the supplier re-spend surveys (survey_rows_records): a supplier (by supplier_id, supplier_name
-- or company_number) and a financial year, the share of its income spent on staff and on purchases, and of each the
-- share in the home area and in the region (home excluded); with the problem that makes it unusable (NULL when
-- none): no supplier, a year not written like 2020/21, a share that is not a number or lies outside 0-1, staff and
-- purchases together above 1, or home and region together above 1. Unknown suppliers and second surveys of a
-- supplier's year are judged once suppliers are linked (steps/surveys_linked.sql).
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($supplier_id_col AS INTEGER)]), '') AS supplier_id,
        nullif(trim(fields[CAST($supplier_name_col AS INTEGER)]), '') AS supplier_name,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($fiscal_year_col AS INTEGER)]), '') AS fiscal_year,
        {
            'staff_share': fields[CAST($staff_share_col AS INTEGER)],
            'staff_home_share': fields[CAST($staff_home_share_col AS INTEGER)],
            'staff_region_share': fields[CAST($staff_region_share_col AS INTEGER)],
            'purchases_share': fields[CAST($purchases_share_col AS INTEGER)],
            'purchases_home_share': fields[CAST($purchases_home_share_col AS INTEGER)],
            'purchases_region_share': fields[CAST($purchases_region_share_col AS INTEGER)]
        } AS texts
    FROM survey_rows_records
    WHERE source_line > $header_line AND NOT blank
),
parsed AS (
    SELECT
        *,
        normalise_name(supplier_name) AS name_key,
        normalise_company_number(company_number) AS company_number_key,
        parse_share(texts.staff_share) AS staff_share,
        parse_share(texts.staff_home_share) AS staff_home_share,
        parse_share(texts.staff_region_share) AS staff_region_share,
        parse_share(texts.purchases_share) AS purchases_share,
        parse_share(texts.purchases_home_share) AS purchases_home_share,
        parse_share(texts.purchases_region_share) AS purchases_region_share,
        -- the first share (in the file's column order) that is not a number or lies outside 0-1
        list_filter(
            [('staff_share', texts.staff_share), ('staff_home_share', texts.staff_home_share),
             ('staff_region_share', texts.staff_region_share), ('purchases_share', texts.purchases_share),
             ('purchases_home_share', texts.purchases_home_share),
             ('purchases_region_share', texts.purchases_region_share)],
            lambda s: parse_share(s[2]) IS NULL OR parse_share(s[2]) NOT BETWEEN 0 AND 1
        )[1] AS bad_share
    FROM extracted
)
SELECT
    * EXCLUDE (texts, bad_share),
    CASE
        WHEN supplier_id IS NULL AND supplier_name IS NULL AND company_number IS NULL
            THEN 'no supplier: give supplier_id, supplier_name or company_number'
        WHEN fiscal_year IS NULL OR NOT regexp_full_match(fiscal_year, '\d{4}/\d{2}')
            THEN format('fiscal_year ''{}'' is not a financial year such as 2020/21', coalesce(fiscal_year, ''))
        WHEN bad_share IS NOT NULL AND parse_share(bad_share[2]) IS NULL
            THEN format('{} ''{}'' is not a share', bad_share[1], coalesce(trim(bad_share[2]), ''))
        WHEN bad_share IS NOT NULL THEN format('{} {} is outside 0-1', bad_share[1], trim(bad_share[2]))
        WHEN staff_share + purchases_share > 1
            THEN format('staff_share plus purchases_share is {}, above 1', staff_share + purchases_share)
        WHEN staff_home_share + staff_region_share > 1
            THEN format('staff_home_share plus staff_region_share is {}, above 1', staff_home_share + staff_region_share)
        WHEN purchases_home_share + purchases_region_share > 1 THEN format(
            'purchases_home_share plus purchases_region_share is {}, above 1',
            purchases_home_share + purchases_region_share
        )
    END AS problem
FROM parsed
