-- The money's path per financial year and area ('home', or 'home_and_region' taken together as local), on the
-- all base, ready for a Sankey: council -> suppliers (local, outside, unknown: where the supplier is placed) ->
-- staff and purchases (local or outside: where the supplier says it re-spends, payment_respend), 'not surveyed'
-- (suppliers without an answer when non_respondents is exclude), and 'retained' (what stays with the supplier: the
-- rest, so that what flows into a supplier node equals what flows out; checked, blocking). basis: 'ledger' for the
-- council's payments, 'survey' for the re-spend (answers, or averages by non_respondents), 'declared' for the
-- subcontracts suppliers declare, supplier -> subcontractors (local, outside, unknown: where the subcontractor is
-- placed): part of the suppliers' purchases, shown beside them, not added to them.
WITH areas AS (
    SELECT * FROM (VALUES ('home', ['home']), ('home_and_region', ['home', 'region'])) AS a(area, local_rings)
),
by_supplier_node AS (
    SELECT
        r.fiscal_year,
        a.area,
        CASE WHEN r.ring = 'unknown' THEN 'suppliers: unknown'
            WHEN list_contains(a.local_rings, r.ring) THEN 'suppliers: local' ELSE 'suppliers: outside' END AS node,
        sum(r.amount) AS income,
        sum(r.amount * (r.respend.staff_home
            + CASE WHEN a.area = 'home_and_region' THEN r.respend.staff_region ELSE 0 END)) AS staff_local,
        sum(r.amount * (r.respend.staff_elsewhere
            + CASE WHEN a.area = 'home' THEN r.respend.staff_region ELSE 0 END)) AS staff_outside,
        sum(r.amount * (r.respend.purchases_home
            + CASE WHEN a.area = 'home_and_region' THEN r.respend.purchases_region ELSE 0 END)) AS purchases_local,
        sum(r.amount * (r.respend.purchases_elsewhere
            + CASE WHEN a.area = 'home' THEN r.respend.purchases_region ELSE 0 END)) AS purchases_outside,
        sum(r.amount) FILTER (WHERE r.respend IS NULL) AS not_surveyed
    FROM payment_respend AS r, areas AS a
    WHERE r.base = 'all'
    GROUP BY ALL
),
rounded AS (
    SELECT
        fiscal_year,
        area,
        node,
        income,
        [
            {'target': 'staff: local', 'amount': CAST(round(coalesce(staff_local, 0), 2) AS DECIMAL(18, 2))},
            {'target': 'staff: outside', 'amount': CAST(round(coalesce(staff_outside, 0), 2) AS DECIMAL(18, 2))},
            {'target': 'purchases: local', 'amount': CAST(round(coalesce(purchases_local, 0), 2) AS DECIMAL(18, 2))},
            {'target': 'purchases: outside', 'amount': CAST(round(coalesce(purchases_outside, 0), 2) AS DECIMAL(18, 2))},
            {'target': 'not surveyed', 'amount': coalesce(not_surveyed, 0)}
        ] AS outflows
    FROM by_supplier_node
),
declared AS (
    SELECT
        k.fiscal_year,
        a.area,
        CASE WHEN s.ring IS NULL OR s.ring = 'unknown' THEN 'suppliers: unknown'
            WHEN list_contains(a.local_rings, s.ring) THEN 'suppliers: local' ELSE 'suppliers: outside' END AS source,
        CASE WHEN t.ring IS NULL OR t.ring = 'unknown' THEN 'subcontractors: unknown'
            WHEN list_contains(a.local_rings, t.ring) THEN 'subcontractors: local'
            ELSE 'subcontractors: outside' END AS target,
        sum(k.amount) AS amount
    FROM subcontracts AS k
    CROSS JOIN areas AS a
    LEFT JOIN supplier_locations AS s ON s.party_id = k.party_id
    LEFT JOIN supplier_locations AS t ON t.party_id = 'K' || k.source_line
    GROUP BY ALL
),
flows AS (
    SELECT fiscal_year, area, 'council' AS source, node AS target, income AS amount, 'ledger' AS basis FROM rounded
    UNION ALL
    SELECT fiscal_year, area, node, flow.target, flow.amount, 'survey' FROM rounded, unnest(outflows) AS u(flow)
    UNION ALL
    SELECT fiscal_year, area, node, 'retained', income - list_sum([o.amount FOR o IN outflows]), 'survey' FROM rounded
    UNION ALL
    SELECT fiscal_year, area, source, target, amount, 'declared' FROM declared
)
SELECT fiscal_year, area, source, target, CAST(amount AS DECIMAL(18, 2)) AS amount, basis
FROM flows
WHERE amount <> 0
ORDER BY fiscal_year, area, basis = 'declared', source = 'council' DESC, source, target
