-- Every postcode in the configured directories (Code-Point Open, ONSPD or NSPL, read by directory_rows), once:
-- where several hold a postcode, the one listed first in the analysis wins. Postcodes are keyed with case and all
-- spaces removed, because vintages print them differently ('S1  1AA' in 2018, 'S1 1AA' in 2025). A postcode
-- terminated since (ONSPD/NSPL doterm) still resolves, flagged: it was valid when the payment was made.
WITH rows AS (
    SELECT
        normalise_postcode(postcode) AS postcode_key,
        trim(postcode) AS postcode,
        nullif(trim(lad_code), '') AS lad_code,
        TRY_CAST(nullif(trim(easting), '') AS INTEGER) AS easting,
        TRY_CAST(nullif(trim(northing), '') AS INTEGER) AS northing,
        nullif(trim(country_code), '') AS country_code,
        TRY_CAST(nullif(trim(positional_quality), '') AS INTEGER) AS positional_quality,
        nullif(trim(doterm), '') AS doterm,
        source,
        priority
    FROM directory_rows
)
SELECT
    postcode_key,
    postcode,
    -- ONSPD/NSPL write a pseudo-code (e.g. S99999999) where a postcode has no district
    CASE WHEN lad_code NOT LIKE '_99999999' THEN lad_code END AS lad_code,
    easting,
    northing,
    country_code,
    positional_quality,
    doterm,
    doterm IS NOT NULL AS terminated,
    source
FROM rows
WHERE postcode_key IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY postcode_key ORDER BY priority) = 1
ORDER BY postcode_key
