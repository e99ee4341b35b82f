-- A SYNTHETIC supplier file for a real ledger that comes without one: every distinct payee name in
-- ledger_transactions gets a real postcode drawn from postcode_directory by a hash of its name, about 30% in the
-- home area, 20% in the rest of the region, 40% elsewhere and 10% with no postcode. Deterministic; the places
-- are invented, so figures built on it are for trying the tool, never for publishing.
WITH payees AS (
    -- redacted payees get no supplier: an output never adds data that the input redacted
    SELECT DISTINCT supplier_name
    FROM ledger_transactions
    WHERE supplier_name IS NOT NULL
        AND NOT is_redacted(supplier_name, $redaction_markers)
),
drawn AS (
    SELECT
        supplier_name,
        hash(supplier_name) AS h,
        CASE
            WHEN hash(supplier_name) % 10 < 3 THEN 'home'
            WHEN hash(supplier_name) % 10 < 5 THEN 'region'
            WHEN hash(supplier_name) % 10 < 9 THEN 'elsewhere'
        END AS ring
    FROM payees
),
places AS (
    SELECT
        postcode,
        ring_of(lad_code, $home_lad_codes, $region_lad_codes) AS ring
    FROM postcode_directory
    WHERE lad_code IS NOT NULL
),
numbered AS (
    SELECT postcode, ring, row_number() OVER (PARTITION BY ring ORDER BY postcode) - 1 AS i, count(*) OVER (PARTITION BY ring) AS n
    FROM places
)
SELECT
    format('SYN{:06d}', row_number() OVER (ORDER BY d.supplier_name)) AS supplier_id,
    d.supplier_name,
    n.postcode,
    'SYNTHETIC: invented location for testing' AS note
FROM drawn AS d
LEFT JOIN (SELECT DISTINCT ring, n FROM numbered) AS sizes ON sizes.ring = d.ring
LEFT JOIN numbered AS n ON n.ring = d.ring AND n.i = d.h % sizes.n
ORDER BY d.supplier_name
