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
    CASE
        WHEN division BETWEEN 1 AND 3 THEN 'A'
        WHEN division BETWEEN 5 AND 9 THEN 'B'
        WHEN division BETWEEN 10 AND 33 THEN 'C'
        WHEN division = 35 THEN 'D'
        WHEN division BETWEEN 36 AND 39 THEN 'E'
        WHEN division BETWEEN 41 AND 43 THEN 'F'
        WHEN division BETWEEN 45 AND 47 THEN 'G'
        WHEN division BETWEEN 49 AND 53 THEN 'H'
        WHEN division BETWEEN 55 AND 56 THEN 'I'
        WHEN division BETWEEN 58 AND 63 THEN 'J'
        WHEN division BETWEEN 64 AND 66 THEN 'K'
        WHEN division = 68 THEN 'L'
        WHEN division BETWEEN 69 AND 75 THEN 'M'
        WHEN division BETWEEN 77 AND 82 THEN 'N'
        WHEN division = 84 THEN 'O'
        WHEN division = 85 THEN 'P'
        WHEN division BETWEEN 86 AND 88 THEN 'Q'
        WHEN division BETWEEN 90 AND 93 THEN 'R'
        WHEN division BETWEEN 94 AND 96 THEN 'S'
        WHEN division BETWEEN 97 AND 98 THEN 'T'
        WHEN division = 99 THEN 'U'
    END AS sic_section,
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
