-- Every postcode in the configured directories (Code-Point Open, ONSPD or NSPL, read by directory_rows), once,
-- with the directory (source: its file name) and vintage that decided it:
-- where several hold a postcode, the one listed first in the analysis wins. Postcodes are keyed with case and all
-- spaces removed, because vintages print them differently ('S1  1AA' in 2018, 'S1 1AA' in 2025). A postcode
-- terminated since still resolves, flagged: it was valid when the payment was made. ONSPD/NSPL say so (doterm);
-- Code-Point Open holds live postcodes only, so a postcode found only in an older Code-Point vintage, listed after
-- a newer one, has been terminated since that older vintage.
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
        greatest(nullif(trim(dointr), ''), nullif(trim(doterm), '')) AS last_change,
        vintage,
        source,
        priority,
        live_only AND priority > $newest_live_priority AS absent_from_newer_live
    FROM directory_rows
),
-- Code-Point states its date; an ONS directory is as new as the last postcode it introduced or terminated
vintages AS (
    SELECT priority, coalesce(any_value(vintage), strftime(try_strptime(max(last_change), '%Y%m'), '%Y-%m')) AS vintage
    FROM rows GROUP BY priority
),
chosen AS (
    SELECT * EXCLUDE (vintage, last_change)
    FROM rows
    WHERE postcode_key IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY postcode_key ORDER BY priority) = 1
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
    doterm IS NOT NULL OR absent_from_newer_live AS terminated,
    source,
    vintages.vintage
FROM chosen
JOIN vintages USING (priority)
ORDER BY postcode_key
