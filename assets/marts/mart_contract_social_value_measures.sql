-- Per contract and framework measure (committed, or returned without a commitment): quantities committed (over
-- every year), delivered (what the supplier declared, the latest return per quarter, whatever its verification),
-- verified (the verified quantity of verified returns), rejected and pending; and each in £ at the measure's proxy
-- value (NULL without one).
WITH committed AS (
    SELECT contract_id, measure_id, sum(quantity) AS committed_quantity FROM commitments GROUP BY ALL
),
returned AS (
    SELECT
        contract_id,
        measure_id,
        sum(quantity) AS delivered_quantity,
        coalesce(sum(verified_quantity) FILTER (WHERE status = 'verified'), 0) AS verified_quantity,
        coalesce(sum(quantity) FILTER (WHERE status = 'rejected'), 0) AS rejected_quantity,
        coalesce(sum(quantity) FILTER (WHERE status = 'pending'), 0) AS pending_quantity,
        count(*) AS returns
    FROM social_value_returns
    WHERE counts
    GROUP BY ALL
),
figures AS (
    SELECT
        contract_id,
        measure_id,
        coalesce(c.committed_quantity, 0) AS committed_quantity,
        coalesce(r.delivered_quantity, 0) AS delivered_quantity,
        coalesce(r.verified_quantity, 0) AS verified_quantity,
        coalesce(r.rejected_quantity, 0) AS rejected_quantity,
        coalesce(r.pending_quantity, 0) AS pending_quantity,
        coalesce(r.returns, 0) AS returns,
        c.contract_id IS NOT NULL AS committed
    FROM committed AS c
    FULL JOIN returned AS r USING (contract_id, measure_id)
)
SELECT
    f.contract_id,
    f.measure_id,
    m.outcome_id,
    m.measure_title,
    m.unit,
    m.proxy_value,
    f.committed,
    f.returns,
    f.committed_quantity,
    f.delivered_quantity,
    f.verified_quantity,
    f.rejected_quantity,
    f.pending_quantity,
    at_proxy(f.committed_quantity, m.proxy_value) AS committed_value,
    at_proxy(f.delivered_quantity, m.proxy_value) AS delivered_value,
    at_proxy(f.verified_quantity, m.proxy_value) AS verified_value
FROM figures AS f
JOIN social_value_measures AS m USING (measure_id)
ORDER BY f.contract_id, f.measure_id
