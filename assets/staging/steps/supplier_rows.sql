-- Every data row of the supplier file, its fields picked by the header, with the reason it cannot be used
-- (NULL when it can). Column positions come as parameters; an absent optional column is NULL.
WITH data AS (
    SELECT source_file, source_line, record, fields
    FROM supplier_records
    WHERE source_line > $header_line AND NOT blank
),
extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        len(fields) AS n_fields,
        NOT is_blank_record(fields[$header_fields + 1:]) AS has_extra_values,
        nullif(trim(fields[CAST($supplier_name_col AS INTEGER)]), '') AS supplier_name,
        nullif(trim(fields[CAST($postcode_col AS INTEGER)]), '') AS postcode,
        nullif(trim(fields[CAST($supplier_id_col AS INTEGER)]), '') AS supplier_id,
        nullif(trim(fields[CAST($country_col AS INTEGER)]), '') AS country,
        nullif(trim(fields[CAST($company_number_col AS INTEGER)]), '') AS company_number,
        nullif(trim(fields[CAST($charity_number_col AS INTEGER)]), '') AS charity_number,
        nullif(lower(trim(fields[CAST($supplier_type_col AS INTEGER)])), '') AS supplier_type_text,
        nullif(trim(fields[CAST($size_col AS INTEGER)]), '') AS size,
        nullif(trim(fields[CAST($sic_code_col AS INTEGER)]), '') AS sic_code,
        nullif(trim(fields[CAST($local_site_postcode_col AS INTEGER)]), '') AS local_site_postcode,
        nullif(trim(fields[CAST($easting_col AS INTEGER)]), '') AS easting_text,
        nullif(trim(fields[CAST($northing_col AS INTEGER)]), '') AS northing_text,
        nullif(trim(fields[CAST($latitude_col AS INTEGER)]), '') AS latitude_text,
        nullif(trim(fields[CAST($longitude_col AS INTEGER)]), '') AS longitude_text
    FROM data
),
keyed AS (
    SELECT
        *,
        normalise_name(supplier_name) AS name_key,
        normalise_postcode(postcode) AS postcode_key,
        normalise_postcode(local_site_postcode) AS local_site_postcode_key,
        normalise_company_number(company_number) AS company_number_key,
        CASE WHEN list_contains($supplier_types, supplier_type_text) THEN supplier_type_text END AS supplier_type,
        size_band_of(size) AS size_band,
        sic_section_of(sic_code) AS sic_section,
        TRY_CAST(easting_text AS DOUBLE) AS easting,
        TRY_CAST(northing_text AS DOUBLE) AS northing,
        TRY_CAST(latitude_text AS DOUBLE) AS latitude,
        TRY_CAST(longitude_text AS DOUBLE) AS longitude,
        -- the first line that could be used for this id: an unusable row never takes an id from a usable one
        CASE WHEN supplier_id IS NOT NULL THEN min(source_line) FILTER (
            WHERE supplier_name IS NOT NULL AND NOT has_extra_values
        ) OVER (PARTITION BY supplier_id) END AS id_first_line
    FROM extracted
)
SELECT
    *,
    -- a field that cannot be used: the supplier still loads, without it
    nullif(concat_ws('; ',
        CASE WHEN company_number IS NOT NULL AND company_number_key IS NULL THEN format(
            'company_number ''{}'' is not a company number (8 digits, or 2 letters and 6 digits)', company_number
        ) END,
        CASE WHEN local_site_postcode_key IS NOT NULL AND NOT is_postcode(local_site_postcode_key) THEN format(
            'local_site_postcode ''{}'' is not a postcode', local_site_postcode
        ) END,
        CASE WHEN supplier_type_text IS NOT NULL AND supplier_type IS NULL THEN format(
            'supplier_type ''{}'' is not one of {}', supplier_type_text, array_to_string($supplier_types, ', ')
        ) END,
        CASE WHEN size IS NOT NULL AND size_band IS NULL THEN format(
            'size ''{}'' is not one of micro, small, medium, large, sme', size
        ) END,
        CASE WHEN sic_code IS NOT NULL AND sic_section IS NULL THEN format(
            'sic_code ''{}'' is not a SIC 2007 code or section', sic_code
        ) END,
        CASE WHEN charity_number IS NOT NULL AND NOT is_charity_number(charity_number) THEN format(
            'charity_number ''{}'' is not a charity number', charity_number
        ) END,
        CASE WHEN (easting_text IS NOT NULL AND TRY_CAST(easting_text AS DOUBLE) IS NULL)
            OR (northing_text IS NOT NULL AND TRY_CAST(northing_text AS DOUBLE) IS NULL)
            OR (latitude_text IS NOT NULL AND TRY_CAST(latitude_text AS DOUBLE) IS NULL)
            OR (longitude_text IS NOT NULL AND TRY_CAST(longitude_text AS DOUBLE) IS NULL)
            THEN 'easting, northing, latitude or longitude is not a number' END,
        CASE WHEN (easting_text IS NULL) <> (northing_text IS NULL)
            OR (latitude_text IS NULL) <> (longitude_text IS NULL)
            THEN 'a point needs both easting and northing, or both latitude and longitude' END
    ), '') AS field_problems,
    nullif(concat_ws('; ',
        CASE WHEN has_extra_values THEN format(
            'row has {} fields but the header has {}, and the extra fields are not empty', n_fields, $header_fields
        ) END,
        CASE WHEN supplier_name IS NULL THEN 'supplier_name is empty' END,
        CASE WHEN id_first_line < source_line
            THEN format('supplier_id ''{}'' is already used on line {}', supplier_id, id_first_line) END
    ), '') AS reason
FROM keyed
