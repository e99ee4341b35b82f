-- One row per party (a supplier of the supplier file, a company of the register a payee is linked to, a supplier
-- invited to a written quotation or a declared subcontractor: party_kind, location_parties.sql): where
-- its office is, where its declared local site is, and the place that counts under CLES's "based or branched" rule.
--
-- The office is placed by the first of: its own postcode in the directory (method postcode, or
-- terminated_postcode when the directory marks it terminated: it was valid when the payment was made); its own
-- postcode's grid reference, or its own coordinates, inside a LAD boundary (point_in_polygon); its registered
-- office postcode from Companies House (companies_house); a declared country outside the UK (overseas: elsewhere).
-- Else its place is unknown, never folded into elsewhere, and the method says why (no_postcode, invalid_postcode,
-- postcode_not_in_directory, postcode_without_lad, point_outside_boundaries, point_without_boundaries: its own
-- coordinates with no boundary file configured).
--
-- A declared local site (local_site_postcode) overrides the office when it is in a more local ring (method
-- override). Both places are kept: office_* columns give the registered-office view.
-- Rings by ring_of (core/macros.sql), from the analysis's codes closed over LAD code changes.
--
-- Beside the place, the evidence of the party's type that located_transactions decides each payment's type by:
-- a type the supplier file declares; a public-body or VCSE pattern its name or Companies House category matches
-- (supplier_type_patterns, written where the placeholders in braces are: supplier_types.py); a charity number in
-- the supplier file; its size band (the supplier file's, else Companies House's from its accounts category).
WITH directory AS (
    SELECT postcode_key, lad_code, terminated, source, vintage FROM postcode_directory
),
office_points AS (
    SELECT split_part(point_id, ':', 1) AS party_id, bool_or(point_id LIKE '%:office_point') AS had_own_point
    FROM location_points WHERE point_id NOT LIKE '%:site_postcode' GROUP BY 1
),
looked_up AS (
    SELECT
        p.*,
        own.postcode_key IS NOT NULL AS own_in_directory,
        own.lad_code AS own_lad,
        own.terminated AS own_terminated,
        own.source AS own_source,
        own.vintage AS own_vintage,
        own_point.lad_code AS own_point_lad,
        own_point.boundary_source AS own_point_source,
        point.lad_code AS point_lad,
        point.boundary_source AS point_source,
        coalesce(company.lad_code, company_point.lad_code) AS company_lad,
        company.terminated AS company_terminated,
        company.source AS company_source,
        company.vintage AS company_vintage,
        coalesce(site.lad_code, site_point.lad_code) AS site_lad,
        CASE WHEN site.lad_code IS NOT NULL THEN site.source ELSE site_point.boundary_source END AS site_source,
        CASE WHEN site.lad_code IS NOT NULL THEN site.vintage END AS site_vintage,
        site.terminated AS site_terminated,
        site.postcode_key IS NOT NULL AS site_in_directory,
        -- the postcode that was tried for the office: the party's own, else the registered office's
        coalesce(p.postcode_key, p.company_postcode_key) AS tried_postcode_key,
        coalesce(p.country, p.company_country) AS declared_country,
        office_points.party_id IS NOT NULL AS had_point,
        coalesce(office_points.had_own_point, false) AS had_own_point
    FROM location_parties AS p
    LEFT JOIN office_points USING (party_id)
    LEFT JOIN directory AS own ON own.postcode_key = p.postcode_key
    LEFT JOIN point_lads AS own_point ON own_point.point_id = p.party_id || ':office_postcode'
    LEFT JOIN point_lads AS point ON point.point_id = p.party_id || ':office_point'
    LEFT JOIN directory AS company ON company.postcode_key = p.company_postcode_key
    LEFT JOIN point_lads AS company_point ON company_point.point_id = p.party_id || ':company_postcode'
    LEFT JOIN directory AS site ON site.postcode_key = p.local_site_postcode_key
    LEFT JOIN point_lads AS site_point ON site_point.point_id = p.party_id || ':site_postcode'
),
office AS (
    SELECT
        *,
        CASE
            WHEN own_lad IS NOT NULL THEN CASE WHEN own_terminated THEN 'terminated_postcode' ELSE 'postcode' END
            WHEN own_point_lad IS NOT NULL OR point_lad IS NOT NULL THEN 'point_in_polygon'
            WHEN company_lad IS NOT NULL THEN 'companies_house'
            WHEN declared_country IS NOT NULL AND regexp_replace(upper(declared_country), '[^A-Z]', '', 'g') NOT IN (
                'UK', 'GB', 'GBR', 'UNITEDKINGDOM', 'GREATBRITAIN', 'BRITAIN', 'ENGLAND', 'SCOTLAND', 'WALES',
                'NORTHERNIRELAND', 'NIRELAND', 'NI', 'ENGLANDWALES', 'ENGLANDANDWALES',
                'UNITEDKINGDOMOFGREATBRITAINANDNORTHERNIRELAND'
            ) THEN 'overseas'
            WHEN had_point AND $has_boundaries THEN 'point_outside_boundaries'
            WHEN had_own_point THEN 'point_without_boundaries'
            WHEN tried_postcode_key IS NULL THEN 'no_postcode'
            WHEN NOT is_postcode(tried_postcode_key) THEN 'invalid_postcode'
            WHEN own_in_directory OR company_source IS NOT NULL THEN 'postcode_without_lad'
            ELSE 'postcode_not_in_directory'
        END AS office_method
    FROM looked_up
),
placed AS (
    SELECT
        o.*,
        CASE office_method
            WHEN 'postcode' THEN own_lad
            WHEN 'terminated_postcode' THEN own_lad
            WHEN 'point_in_polygon' THEN coalesce(own_point_lad, point_lad)
            WHEN 'companies_house' THEN company_lad
        END AS office_lad_code
    FROM office AS o
),
ringed AS (
    SELECT
        p.*,
        CASE
            WHEN office_method = 'overseas' THEN 'elsewhere'
            ELSE ring_of(office_lad_code, $home_lad_codes, $region_lad_codes)
        END AS office_ring,
        CASE WHEN site_lad IS NOT NULL THEN ring_of(site_lad, $home_lad_codes, $region_lad_codes) END AS site_ring
    FROM placed AS p
),
decided AS (
    SELECT *, coalesce(ring_rank(site_ring) < ring_rank(office_ring), false) AS site_decides FROM ringed
)
SELECT
    party_id,
    party_kind,
    supplier_key,
    company_number,
    supplier_id,
    supplier_name,
    country,
    postcode,
    postcode_key,
    local_site_postcode,
    CASE WHEN site_decides THEN site_lad ELSE office_lad_code END AS lad_code,
    names.lad_name,
    CASE WHEN site_decides THEN site_ring ELSE office_ring END AS ring,
    CASE WHEN site_decides THEN 'override' ELSE office_method END AS method,
    -- the directory and vintage, or boundary file, that decided the place
    CASE
        WHEN site_decides THEN site_source
        WHEN office_method IN ('postcode', 'terminated_postcode') THEN own_source
        WHEN office_method = 'point_in_polygon' THEN coalesce(own_point_source, point_source)
        WHEN office_method = 'companies_house' THEN company_source
    END AS decided_by,
    CASE
        WHEN site_decides THEN site_vintage
        WHEN office_method IN ('postcode', 'terminated_postcode') THEN own_vintage
        WHEN office_method = 'companies_house' THEN company_vintage
    END AS directory_vintage,
    CASE
        WHEN site_decides THEN site_terminated
        WHEN office_method IN ('postcode', 'terminated_postcode') THEN own_terminated
        WHEN office_method = 'companies_house' THEN company_terminated
    END AS postcode_terminated,
    office_lad_code,
    office_ring,
    office_method,
    site_lad AS local_site_lad_code,
    site_ring AS local_site_ring,
    -- a declared site that places nothing, and why
    CASE
        WHEN local_site_postcode_key IS NULL OR site_lad IS NOT NULL THEN NULL
        WHEN NOT is_postcode(local_site_postcode_key) THEN 'invalid_postcode'
        WHEN NOT site_in_directory THEN 'postcode_not_in_directory'
        ELSE 'postcode_without_lad'
    END AS local_site_problem,
    in_companies_house,
    company_postcode,
    company_status,
    company_category,
    sic_section,
    coalesce(declared_size_band, company_size_band) AS size_band,
    declared_type,
    coalesce(
        'name pattern: ' || {public_body_by_name},
        'Companies House category ''' || company_category || ''': ' || {public_body_by_category}
    ) AS public_body_evidence,
    coalesce(
        'charity number ' || charity_number || ' in the supplier file',
        'Companies House category ''' || company_category || ''': ' || {vcse_by_category},
        'name pattern: ' || {vcse_by_name}
    ) AS vcse_evidence,
    CASE
        WHEN declared_size_band IS NOT NULL THEN 'supplier file size ' || declared_size_band
        WHEN company_size_band IN ('micro', 'small', 'medium', 'large')
            THEN 'Companies House accounts category: ' || company_size_band
    END AS size_evidence
FROM decided
LEFT JOIN lad_names AS names ON names.lad_code = CASE WHEN site_decides THEN site_lad ELSE office_lad_code END
ORDER BY party_id
