-- One row per usable supplier in the supplier file; supplier_key is its line in that file.
SELECT
    source_line AS supplier_key,
    source_file,
    source_line,
    supplier_id,
    supplier_name,
    name_key,
    postcode,
    postcode_key,
    country,
    company_number,
    company_number_key,
    CASE WHEN is_charity_number(charity_number) THEN charity_number END AS charity_number,
    supplier_type,
    size_band,
    sic_section,
    local_site_postcode,
    local_site_postcode_key,
    easting,
    northing,
    latitude,
    longitude,
    field_problems
FROM supplier_rows
WHERE reason IS NULL
ORDER BY source_line
