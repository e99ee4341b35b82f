-- NEF's Local Multiplier 3 per financial year, base and area ('home', or 'home_and_region': the home area and the
-- region together are local), overall (dimension 'overall', value '(all)') and per supplier (supplier_group, with
-- its supplier_name),
-- department, sector (SIC section) and contract (the payments to its supplier within its dates): R1 the council's
-- spend; R2 the part paid to suppliers placed in the area; R3 what those suppliers re-spend in the area on staff and
-- purchases (payment_respend: surveys, else the non_respondents method); LM3 = (R1 + R2 + R3) / R1. R3 and LM3
-- are also given from every supplier's local re-spend, wherever it is based (`_all_suppliers`: a firm based
-- elsewhere may employ the area's residents). coverage: the share of R2 paid to suppliers that answered a survey
-- (coverage_all_suppliers: of R1); r3_imputed: the part of R3 from averages; method: how the rest was treated.
WITH areas AS (
    SELECT * FROM (VALUES ('home', ['home']), ('home_and_region', ['home', 'region'])) AS a(area, local_rings)
),
contract_payments AS (
    SELECT r.*, c.contract_id
    FROM payment_respend AS r
    JOIN lm3_contract_parties AS k ON k.party_id = r.party_id
    JOIN contracts AS c ON c.contract_id = k.register_key AND r.payment_date BETWEEN c.start_date AND c.end_date
),
rated AS (
    SELECT
        p.*,
        a.area,
        list_contains(a.local_rings, p.ring) AS is_local,
        p.respend.staff_home + p.respend.purchases_home + CASE WHEN a.area = 'home_and_region'
            THEN p.respend.staff_region + p.respend.purchases_region ELSE 0 END AS local_rate
    FROM (
        SELECT *, NULL AS contract_id, false AS contract_copy FROM payment_respend
        UNION ALL BY NAME
        SELECT *, true AS contract_copy FROM contract_payments
    ) AS p,
        areas AS a
),
rounds AS (
    SELECT
        fiscal_year,
        base,
        area,
        CASE
            WHEN grouping(contract_id) = 0 THEN 'contract'
            WHEN grouping(supplier_group) = 0 THEN 'supplier'
            WHEN grouping(department) = 0 THEN 'department'
            WHEN grouping(sector) = 0 THEN 'sector'
            ELSE 'overall'
        END AS dimension,
        CASE
            WHEN grouping(contract_id) = 0 THEN contract_id
            WHEN grouping(supplier_group) = 0 THEN coalesce(supplier_group, '(not known)')
            WHEN grouping(department) = 0 THEN department
            WHEN grouping(sector) = 0 THEN sector
            ELSE '(all)'
        END AS value,
        CASE WHEN grouping(supplier_group) = 0 THEN min(supplier_name) END AS supplier_name,
        sum(amount) AS r1,
        coalesce(sum(amount) FILTER (WHERE is_local), 0) AS r2,
        coalesce(sum(amount * local_rate) FILTER (WHERE is_local), 0) AS r3,
        coalesce(sum(amount * local_rate), 0) AS r3_all_suppliers,
        coalesce(sum(amount * local_rate) FILTER (WHERE is_local AND basis NOT LIKE 'survey %'), 0) AS r3_imputed,
        coalesce(sum(amount) FILTER (WHERE is_local AND basis LIKE 'survey %'), 0) AS r2_answered,
        coalesce(sum(amount) FILTER (WHERE basis LIKE 'survey %'), 0) AS r1_answered,
        count(DISTINCT party_id) FILTER (WHERE basis LIKE 'survey %') AS suppliers_answered,
        count(DISTINCT supplier_group) AS suppliers_paid
    FROM rated
    GROUP BY GROUPING SETS (
        (fiscal_year, base, area, contract_copy, contract_id),
        (fiscal_year, base, area, contract_copy, supplier_group),
        (fiscal_year, base, area, contract_copy, department),
        (fiscal_year, base, area, contract_copy, sector),
        (fiscal_year, base, area, contract_copy)
    )
    -- a payment counts under each contract it falls in (copies), and once in every other grouping (the originals)
    HAVING (grouping(contract_id) = 0) = contract_copy
)
SELECT
    fiscal_year,
    base,
    area,
    dimension,
    value,
    supplier_name,
    r1,
    r2,
    CAST(round(r3, 2) AS DECIMAL(18, 2)) AS r3,
    CAST((r1 + r2 + r3) / nullif(r1, 0) AS DECIMAL(18, 6)) AS lm3,
    CAST(round(r3_all_suppliers, 2) AS DECIMAL(18, 2)) AS r3_all_suppliers,
    CAST((r1 + r2 + r3_all_suppliers) / nullif(r1, 0) AS DECIMAL(18, 6)) AS lm3_all_suppliers,
    share_of(r2_answered, r2) AS coverage,
    share_of(r1_answered, r1) AS coverage_all_suppliers,
    CAST(round(r3_imputed, 2) AS DECIMAL(18, 2)) AS r3_imputed,
    suppliers_answered,
    suppliers_paid,
    $non_respondents AS non_respondents,
    format('R3 from surveys covering {:.1f}% of R2; {}', coalesce(100 * share_of(r2_answered, r2), 0),
        CASE $non_respondents
            WHEN 'exclude' THEN 'suppliers without a survey re-spend nothing locally (excluded)'
            WHEN 'category_average' THEN 'suppliers without a survey take their sector''s average answer'
            ELSE 'suppliers without a survey take the average answer of all surveyed suppliers'
        END) AS method
FROM rounds
ORDER BY fiscal_year, base, area, dimension <> 'overall', dimension, value
