-- Points to place by point-in-polygon: a party's postcode (own, registered office or local site) that the
-- directory holds without a LAD but with a grid reference, and a party's own coordinates. point_id is
-- '<party_id>:<role>'. Code-Point writes 0, 0 for a postcode it cannot position: not a point.
WITH postcodes AS (
    SELECT party_id, 'office_postcode' AS role, postcode_key FROM location_parties
    UNION ALL
    SELECT party_id, 'company_postcode', company_postcode_key FROM location_parties
    UNION ALL
    SELECT party_id, 'site_postcode', local_site_postcode_key FROM location_parties
)
SELECT
    p.party_id || ':' || p.role AS point_id,
    CAST(d.easting AS DOUBLE) AS easting,
    CAST(d.northing AS DOUBLE) AS northing,
    CAST(NULL AS DOUBLE) AS latitude,
    CAST(NULL AS DOUBLE) AS longitude
FROM postcodes AS p
JOIN postcode_directory AS d USING (postcode_key)
WHERE d.lad_code IS NULL AND d.easting IS NOT NULL AND d.northing IS NOT NULL AND NOT (d.easting = 0 AND d.northing = 0)
UNION ALL
SELECT
    party_id || ':office_point',
    CASE WHEN northing IS NOT NULL THEN easting END,
    CASE WHEN easting IS NOT NULL THEN northing END,
    CASE WHEN longitude IS NOT NULL THEN latitude END,
    CASE WHEN latitude IS NOT NULL THEN longitude END
FROM location_parties
WHERE (easting IS NOT NULL AND northing IS NOT NULL) OR (latitude IS NOT NULL AND longitude IS NOT NULL)
