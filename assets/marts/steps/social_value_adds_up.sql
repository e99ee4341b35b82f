-- What does not add up in the social value marts: per measure, the contracts' committed, delivered and verified
-- quantities against the years' ('year' rows of mart_social_value_by_outcome); the delivered quantity against the
-- counted returns of social_value_returns; a year's quarters against the year; per contract, its measures' £
-- against its totals; a contract measure verified above what was delivered; the backlog against the pending returns.
WITH by_contract AS (
    SELECT measure_id, sum(committed_quantity) AS committed, sum(delivered_quantity) AS delivered,
        sum(verified_quantity) AS verified
    FROM mart_contract_social_value_measures GROUP BY ALL
),
by_year AS (
    SELECT measure_id, sum(committed_quantity) AS committed, sum(delivered_quantity) AS delivered,
        sum(verified_quantity) AS verified
    FROM mart_social_value_by_outcome WHERE quarter = 'year' GROUP BY ALL
),
quarters AS (
    SELECT fiscal_year, measure_id, sum(delivered_quantity) AS delivered, sum(verified_quantity) AS verified,
        sum(pending_returns) AS pending
    FROM mart_social_value_by_outcome WHERE quarter <> 'year' GROUP BY ALL
),
returned AS (
    SELECT measure_id, sum(quantity) AS delivered FROM social_value_returns WHERE counts GROUP BY ALL
)
SELECT 'measure ' || measure_id AS what, format('{} committed, {} delivered, {} verified', c.committed, c.delivered,
    c.verified) AS found, format('{} committed, {} delivered, {} verified', y.committed, y.delivered, y.verified)
    AS expected
FROM by_contract AS c FULL JOIN by_year AS y USING (measure_id)
WHERE (c.committed, c.delivered, c.verified) IS DISTINCT FROM (y.committed, y.delivered, y.verified)
UNION ALL
SELECT 'returns of measure ' || measure_id, format('{} delivered', c.delivered), format('{} delivered', r.delivered)
FROM by_contract AS c FULL JOIN returned AS r USING (measure_id)
WHERE coalesce(c.delivered, 0) <> coalesce(r.delivered, 0)
UNION ALL
SELECT format('quarters of {} for measure {}', fiscal_year, measure_id),
    format('{} delivered, {} verified, {} pending', q.delivered, q.verified, q.pending),
    format('{} delivered, {} verified, {} pending', y.delivered_quantity, y.verified_quantity, y.pending_returns)
FROM quarters AS q
FULL JOIN (SELECT * FROM mart_social_value_by_outcome WHERE quarter = 'year') AS y USING (fiscal_year, measure_id)
WHERE (coalesce(q.delivered, 0), coalesce(q.verified, 0), coalesce(q.pending, 0))
    <> (y.delivered_quantity, y.verified_quantity, y.pending_returns)
UNION ALL
SELECT 'contract ' || contract_id, format('£{} committed, £{} delivered, £{} verified', c.committed_value,
    c.delivered_value, c.verified_value), format('£{} committed, £{} delivered, £{} verified', m.committed,
    m.delivered, m.verified)
FROM mart_contract_social_value AS c
LEFT JOIN (
    SELECT contract_id, coalesce(sum(committed_value), 0) AS committed, coalesce(sum(delivered_value), 0) AS delivered,
        coalesce(sum(verified_value), 0) AS verified
    FROM mart_contract_social_value_measures GROUP BY ALL
) AS m USING (contract_id)
WHERE (c.committed_value, c.delivered_value, c.verified_value)
    <> (coalesce(m.committed, 0), coalesce(m.delivered, 0), coalesce(m.verified, 0))
UNION ALL
SELECT format('contract {} measure {}', contract_id, measure_id), format('{} verified', verified_quantity),
    format('at most {} (delivered)', delivered_quantity)
FROM mart_contract_social_value_measures
WHERE verified_quantity > delivered_quantity
UNION ALL
SELECT 'backlog', format('{} pending returns', b.n), format('{} pending returns', y.n)
FROM (SELECT coalesce(sum(pending_returns), 0) AS n FROM mart_social_value_backlog) AS b,
    (SELECT coalesce(sum(pending_returns), 0) AS n FROM mart_social_value_by_outcome WHERE quarter = 'year') AS y
WHERE b.n <> y.n
