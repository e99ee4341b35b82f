-- One row per company in Companies House's register: keys for linking (company number, normalised name), the
-- registered office postcode, status, category, SIC codes with the SIC 2007 section of the first, and a size band
-- from the accounts category (micro, small, medium, large; dormant; unknown where the accounts do not say).
WITH keyed AS (
    SELECT
        normalise_company_number(company_number) AS company_number,
        nullif(trim(company_name), '') AS company_name,
        normalise_name(company_name) AS name_key,
        nullif(trim(postcode), '') AS postcode,
        normalise_postcode(postcode) AS postcode_key,
        nullif(trim(country), '') AS country,
        nullif(trim(company_category), '') AS company_category,
        nullif(trim(company_status), '') AS company_status,
        try_strptime(nullif(trim(incorporation_date), ''), '%d/%m/%Y')::DATE AS incorporation_date,
        list_filter(
            [regexp_extract(trim(s), '^([0-9]{5})\b', 1) FOR s IN [sic_text_1, sic_text_2, sic_text_3, sic_text_4]],
            lambda code: code <> ''
        ) AS sic_codes,
        upper(trim(account_category)) AS account_category
    FROM company_rows
),
classified AS (
    -- the SIC 2007 division (first two digits) of the first code; non-trading and dormant companies have none
    SELECT *, CASE WHEN sic_codes[1] NOT IN ('74990', '99999') THEN CAST(sic_codes[1][:2] AS INTEGER) END AS division
    FROM keyed
)
SELECT
    company_number,
    company_name,
    name_key,
    postcode,
    postcode_key,
    country,
    company_category,
    company_status,
    incorporation_date,
    sic_codes,
    sic_section_of_division(division) AS sic_section,
    CASE
        WHEN account_category = 'MICRO ENTITY' THEN 'micro'
        WHEN account_category IN (
            'SMALL', 'TOTAL EXEMPTION SMALL', 'TOTAL EXEMPTION FULL', 'UNAUDITED ABRIDGED', 'AUDITED ABRIDGED',
            'PARTIAL EXEMPTION'
        ) THEN 'small'
        WHEN account_category = 'MEDIUM' THEN 'medium'
        WHEN account_category IN ('FULL', 'GROUP') THEN 'large'
        WHEN account_category = 'DORMANT' THEN 'dormant'
        ELSE 'unknown'
    END AS size_band
FROM classified
WHERE company_number IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY company_number ORDER BY company_name NULLS LAST) = 1
ORDER BY company_number
