-- How much of the ledger is linked and located, and why the rest is not: one row per financial year (and 'all' for
-- every year together), view and method.
--   view 'link': how payees were linked to a supplier or company (supplier_matches.link_method).
--   view 'location': what placed each payment's party (supplier_locations.method), or why nothing did; ring is
--   the ring that method gives, so the 'unknown' rows explain every pound of unknown spend.
-- suppliers counts distinct parties (a payee linked to nothing counts by its normalised name, redacted payees as
-- one: located_transactions.supplier_group); shares are of the period's parties and spend. fix says what would place
-- the spend, for the rows that leave it unknown. months: months of ledger in the period.
WITH groups AS (
    SELECT
        fiscal_year,
        link_method,
        location_method,
        ring,
        supplier_group AS party,
        count(*) AS payments,
        sum(amount) AS spend
    FROM located_transactions
    GROUP BY ALL
),
periods AS (
    SELECT * FROM groups
    UNION ALL
    SELECT 'all' AS fiscal_year, * EXCLUDE (fiscal_year) FROM groups
),
views AS (
    SELECT fiscal_year, 'link' AS view, link_method AS method, NULL AS ring, party, payments, spend FROM periods
    UNION ALL
    SELECT fiscal_year, 'location', location_method, ring, party, payments, spend FROM periods
),
totals AS (
    SELECT fiscal_year, count(DISTINCT party) AS parties, sum(spend) AS spend FROM periods GROUP BY fiscal_year
),
months AS (
    SELECT fiscal_year, months FROM ledger_months
    UNION ALL
    SELECT 'all', sum(months) FROM ledger_months
)
SELECT
    v.fiscal_year,
    v.view,
    v.method,
    min(v.ring) AS ring,
    count(DISTINCT v.party) AS suppliers,
    count(DISTINCT v.party) / any_value(t.parties) AS supplier_share,
    sum(v.payments) AS payments,
    CAST(sum(v.spend) AS DECIMAL(18, 2)) AS spend,
    share_of(sum(v.spend), any_value(t.spend)) AS spend_share,
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
    END AS fix,
    any_value(m.months) AS months
FROM views AS v
JOIN totals AS t USING (fiscal_year)
JOIN months AS m USING (fiscal_year)
-- a method gives one ring except the placing ones (postcode, ...), which give several: one row per ring then
GROUP BY v.fiscal_year, v.view, v.method, CASE WHEN v.view = 'location' THEN v.ring END
ORDER BY v.fiscal_year = 'all' DESC, v.fiscal_year, v.view, min(v.ring) = 'unknown' DESC, sum(v.spend) DESC, v.method
