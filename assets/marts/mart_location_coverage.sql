-- How much of the ledger is linked and located, and why the rest is not: one row per (view, method).
--   view 'link': how payees were linked to a supplier or company (supplier_matches.link_method).
--   view 'location': what placed each payment's party (supplier_locations.method), or why nothing did; ring is
--   the ring that method gives, so the 'unknown' rows explain every pound of unknown spend.
-- suppliers counts distinct parties (a payee linked to nothing counts on its own); shares are of all parties
-- paid and of all spend. fix says what would place the spend, for the rows that leave it unknown.
WITH payees AS (
    SELECT
        m.link_method,
        coalesce(l.method, m.link_method) AS location_method,
        coalesce(l.ring, 'unknown') AS ring,
        coalesce(m.party_id, 'payee ' || row_number() OVER ()) AS party,
        m.payments,
        m.spend
    FROM supplier_matches AS m
    LEFT JOIN supplier_locations AS l USING (party_id)
),
views AS (
    SELECT 'link' AS view, link_method AS method, NULL AS ring, party, payments, spend FROM payees
    UNION ALL
    SELECT 'location', location_method, ring, party, payments, spend FROM payees
),
totals AS (
    SELECT count(DISTINCT party) AS parties, sum(spend) AS spend FROM payees
)
SELECT
    v.view,
    v.method,
    min(v.ring) AS ring,
    count(DISTINCT v.party) AS suppliers,
    count(DISTINCT v.party) / any_value(t.parties) AS supplier_share,
    sum(v.payments) AS payments,
    CAST(sum(v.spend) AS DECIMAL(18, 2)) AS spend,
    CAST(sum(v.spend) AS DOUBLE) / nullif(CAST(any_value(t.spend) AS DOUBLE), 0) AS spend_share,
    CASE v.method
        WHEN 'redacted' THEN 'payments to individuals the council redacted: unknown by law, nothing to fix'
        WHEN 'unmatched' THEN 'add the payee to the supplier file, or decide its candidates (spend review)'
        WHEN 'ambiguous_name' THEN 'several suppliers share the name: the ledger needs a supplier id or company number'
        WHEN 'ambiguous_company_number' THEN 'several suppliers in the supplier file hold this company number: keep one'
        WHEN 'no_supplier_name' THEN 'ledger rows without a payee name: ask the finance team'
        WHEN 'no_postcode' THEN 'add a postcode, a company number (with companies_house) or coordinates'
        WHEN 'invalid_postcode' THEN 'correct the malformed postcode in the supplier file'
        WHEN 'postcode_not_in_directory'
            THEN 'check the postcode, or add a directory that holds it (ONSPD / NSPL keep terminated postcodes)'
        WHEN 'postcode_without_lad' THEN 'add LAD boundaries (boundaries:) to place it by its grid reference'
        WHEN 'point_outside_boundaries' THEN 'check the coordinates (easting/northing EPSG:27700, or lat/long)'
        WHEN 'point_without_boundaries' THEN 'add LAD boundaries (boundaries:) to place the coordinates'
    END AS fix
FROM views AS v, totals AS t
-- a method gives one ring except the placing ones (postcode, ...), which give several: one row per ring then
GROUP BY v.view, v.method, CASE WHEN v.view = 'location' THEN v.ring END
ORDER BY v.view, min(v.ring) = 'unknown' DESC, sum(v.spend) DESC, v.method
