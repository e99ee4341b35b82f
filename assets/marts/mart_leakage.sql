-- Leakage and the potential to localise, per financial year, base and sector: spend leaving the region (paid to
-- suppliers placed elsewhere, "based or branched"), its share of the sector's spend and of the year's leakage,
-- the unknown spend beside it, and the home and region suppliers in the same sector that could bid: how many and
-- the first few by name (home first). A sector is a SIC 2007 section (dimension sic_section) or, when the ledger
-- has one, a procurement category (dimension category). Who could bid: by SIC section, every home or region party
-- of supplier_locations with that section and every active company of the Companies House register (when
-- configured) whose registered office the postcode directories place in the home area or the region; by category,
-- the home and region parties the ledger pays under that category in any year.
WITH sectors AS (
    SELECT
        fiscal_year,
        base,
        CASE WHEN grouping(sic_section) = 0 THEN 'sic_section' ELSE 'category' END AS dimension,
        coalesce(CASE WHEN grouping(sic_section) = 0 THEN sic_section ELSE category END, '(not known)') AS value,
        sum(amount) AS total_spend,
        spend_in(amount, ring, 'elsewhere') AS leaving_spend,
        spend_in(amount, ring, 'unknown') AS unknown_spend
    FROM payments_by_base
    GROUP BY GROUPING SETS ((fiscal_year, base, sic_section), (fiscal_year, base, category))
),
local_parties AS (
    SELECT coalesce('C' || company_number, party_id) AS who, party_id, supplier_name AS name, ring, sic_section
    FROM supplier_locations
    WHERE ring IN ('home', 'region') AND party_kind IN ('supplier', 'company')
),
register AS (
    SELECT
        'C' || c.company_number AS who,
        c.company_name AS name,
        ring_of(d.lad_code, $home_lad_codes, $region_lad_codes) AS ring,
        c.sic_section
    FROM companies AS c
    JOIN postcode_directory AS d USING (postcode_key)
    WHERE c.company_status = 'Active' AND c.sic_section IS NOT NULL
        AND ring_of(d.lad_code, $home_lad_codes, $region_lad_codes) IN ('home', 'region')
),
candidates AS (
    SELECT DISTINCT 'sic_section' AS dimension, sic_section AS value, who, name, ring
    FROM (SELECT who, name, ring, sic_section FROM local_parties UNION ALL SELECT * FROM register)
    WHERE sic_section IS NOT NULL
    UNION
    SELECT DISTINCT 'category', t.category, p.who, p.name, p.ring
    FROM located_transactions AS t
    JOIN local_parties AS p USING (party_id)
    WHERE t.category IS NOT NULL
),
-- one name per bidder (a party and its register entry are one), the most local ring
bidders AS (
    SELECT dimension, value, who, min(name) AS name, min(ring_rank(ring)) AS ring_rank
    FROM candidates
    GROUP BY ALL
),
could_bid AS (
    SELECT
        dimension,
        value,
        count(*) AS local_suppliers,
        count(*) FILTER (WHERE ring_rank = 1) AS home_suppliers,
        count(*) FILTER (WHERE ring_rank = 2) AS region_suppliers,
        array_to_string(list(name ORDER BY ring_rank, name)[1:$names_shown], '; ') AS first_local_suppliers
    FROM bidders
    GROUP BY ALL
)
SELECT
    s.fiscal_year,
    s.base,
    s.dimension,
    s.value,
    CAST(s.total_spend AS DECIMAL(18, 2)) AS total_spend,
    s.leaving_spend,
    share_of(s.leaving_spend, s.total_spend) AS leaving_share,
    share_of(s.leaving_spend, sum(s.leaving_spend) OVER (PARTITION BY s.fiscal_year, s.base, s.dimension))
        AS share_of_leakage,
    s.unknown_spend,
    coalesce(c.local_suppliers, 0) AS local_suppliers,
    coalesce(c.home_suppliers, 0) AS home_suppliers,
    coalesce(c.region_suppliers, 0) AS region_suppliers,
    c.first_local_suppliers,
    m.months
FROM sectors AS s
JOIN ledger_months AS m USING (fiscal_year)
LEFT JOIN could_bid AS c USING (dimension, value)
WHERE s.dimension <> 'category' OR EXISTS (SELECT 1 FROM located_transactions WHERE category IS NOT NULL)
ORDER BY s.fiscal_year, s.base, s.dimension, s.leaving_spend DESC, s.value
