-- What does not add up in the supply-chain marts: a supplier node whose outflows (survey) differ from its inflow
-- (ledger); the council's outflow in a year and area against R1 of mart_lm3 (all base); R1 of mart_lm3 against the
-- year's total in mart_local_spend_by_year; a year's departments, sectors or suppliers against its overall R1, R2
-- and R3; declared subcontracts against the subcontracts table.
WITH nodes AS (
    SELECT fiscal_year, area, node,
        sum(amount) FILTER (WHERE target = node AND basis = 'ledger') AS inflow,
        sum(amount) FILTER (WHERE source = node AND basis = 'survey') AS outflow
    FROM mart_supply_chain_flows, unnest([source, target]) AS n(node)
    WHERE node LIKE 'suppliers: %'
    GROUP BY ALL
),
overall AS (SELECT * FROM mart_lm3 WHERE dimension = 'overall'),
parts AS (
    SELECT fiscal_year, base, area, dimension, sum(r1) AS r1, sum(r2) AS r2, sum(r3) AS r3
    FROM mart_lm3 WHERE dimension IN ('department', 'sector', 'supplier') GROUP BY ALL
)
SELECT format('{} {} node {}', fiscal_year, area, node) AS what, format('£{} out', outflow) AS found,
    format('£{} in', inflow) AS expected
FROM nodes WHERE inflow IS DISTINCT FROM outflow
UNION ALL
SELECT format('{} {} council', f.fiscal_year, f.area), format('£{} paid out', f.amount), format('R1 £{}', o.r1)
FROM (SELECT fiscal_year, area, sum(amount) AS amount FROM mart_supply_chain_flows WHERE source = 'council'
    GROUP BY ALL) AS f
FULL JOIN (SELECT * FROM overall WHERE base = 'all') AS o USING (fiscal_year, area)
WHERE f.amount IS DISTINCT FROM o.r1 AND coalesce(f.amount, 0) + coalesce(o.r1, 0) <> 0
UNION ALL
SELECT format('{} {} base R1', o.fiscal_year, o.base), format('£{}', o.r1), format('£{} (the year''s total)', y.total_spend)
FROM overall AS o
LEFT JOIN mart_local_spend_by_year AS y USING (fiscal_year, base)
WHERE o.r1 IS DISTINCT FROM y.total_spend
UNION ALL
SELECT format('{} {} {} by {}', p.fiscal_year, p.base, p.area, p.dimension), format('R1 £{}, R2 £{}, R3 £{}', p.r1,
    p.r2, p.r3), format('R1 £{}, R2 £{}, R3 £{} (overall, R3 within a penny a row)', o.r1, o.r2, o.r3)
FROM parts AS p
JOIN overall AS o USING (fiscal_year, base, area)
WHERE p.r1 <> o.r1 OR p.r2 <> o.r2 OR abs(p.r3 - o.r3) > 0.01 * (
    SELECT count(*) FROM mart_lm3 AS m WHERE m.fiscal_year = p.fiscal_year AND m.base = p.base AND m.area = p.area
        AND m.dimension = p.dimension)
UNION ALL
SELECT 'declared subcontracts', format('£{}', m.declared), format('£{} (subcontracts)', k.declared)
FROM (SELECT coalesce(sum(declared), 0) AS declared FROM mart_subcontract_spend) AS m,
    (SELECT coalesce(sum(amount), 0) AS declared FROM subcontracts) AS k
WHERE m.declared <> k.declared
