-- One row per supplier: the LAD of its postcode, its ring (home, region, elsewhere, unknown) and how that was
-- decided. A postcode the directory places decides; only without one does a declared country outside the UK make a
-- supplier elsewhere. Unknown is never folded into elsewhere.
WITH looked_up AS (
    SELECT
        s.supplier_key,
        s.supplier_id,
        s.supplier_name,
        s.country,
        s.postcode,
        s.postcode_key,
        p.lad_code AS directory_lad_code,
        p.source AS directory_source,
        p.terminated AS directory_terminated,
        CASE
            WHEN p.lad_code IS NOT NULL THEN 'postcode'
            WHEN s.country IS NOT NULL AND regexp_replace(upper(s.country), '[^A-Z]', '', 'g') NOT IN (
                'UK', 'GB', 'GBR', 'UNITEDKINGDOM', 'GREATBRITAIN', 'BRITAIN', 'ENGLAND', 'SCOTLAND', 'WALES',
                'NORTHERNIRELAND', 'NIRELAND', 'NI', 'ENGLANDWALES', 'ENGLANDANDWALES',
                'UNITEDKINGDOMOFGREATBRITAINANDNORTHERNIRELAND'
            ) THEN 'non_uk_country'
            WHEN s.postcode_key IS NULL THEN 'no_postcode'
            WHEN NOT is_postcode(s.postcode_key) THEN 'invalid_postcode'
            WHEN p.postcode_key IS NULL THEN 'postcode_not_in_directory'
            ELSE 'postcode_without_lad'
        END AS method
    FROM suppliers AS s
    LEFT JOIN postcode_directory AS p USING (postcode_key)
)
SELECT
    supplier_key,
    supplier_id,
    supplier_name,
    country,
    postcode,
    postcode_key,
    CASE WHEN method = 'postcode' THEN directory_lad_code END AS lad_code,
    CASE
        WHEN method = 'non_uk_country' THEN 'elsewhere'
        WHEN method <> 'postcode' THEN 'unknown'
        WHEN list_contains($home_lad_codes, directory_lad_code) THEN 'home'
        WHEN list_contains($region_lad_codes, directory_lad_code) THEN 'region'
        ELSE 'elsewhere'
    END AS tier,
    method,
    CASE WHEN method = 'postcode' THEN directory_source END AS postcode_source,
    CASE WHEN method = 'postcode' THEN directory_terminated END AS postcode_terminated
FROM looked_up
ORDER BY supplier_key
