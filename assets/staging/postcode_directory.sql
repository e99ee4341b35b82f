-- Every postcode in the configured Code-Point Open directories, once: where several vintages hold a postcode,
-- the one listed first in the analysis wins. Postcodes are keyed with case and all spaces removed, because
-- vintages print them differently ('S1  1AA' in 2018, 'S1 1AA' in 2025).
WITH rows AS (
    SELECT
        normalise_postcode(p.postcode) AS postcode_key,
        p.postcode,
        nullif(p.admin_district_code, '') AS lad_code,
        p.eastings AS easting,
        p.northings AS northing,
        nullif(p.country_code, '') AS country_code,
        p.positional_quality,
        d.source,
        d.priority
    FROM read_csv(
        $read_paths,
        header = false,
        delim = ',',
        quote = '"',
        auto_detect = false,
        filename = true,
        columns = {
            'postcode': 'VARCHAR',
            'positional_quality': 'INTEGER',
            'eastings': 'INTEGER',
            'northings': 'INTEGER',
            'country_code': 'VARCHAR',
            'nhs_regional_ha_code': 'VARCHAR',
            'nhs_ha_code': 'VARCHAR',
            'admin_county_code': 'VARCHAR',
            'admin_district_code': 'VARCHAR',
            'admin_ward_code': 'VARCHAR'
        }
    ) AS p
    JOIN directory_files AS d ON d.read_path = p.filename
)
SELECT postcode_key, postcode, lad_code, easting, northing, country_code, positional_quality, source
FROM rows
WHERE postcode_key IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY postcode_key ORDER BY priority) = 1
ORDER BY postcode_key
