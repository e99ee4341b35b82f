-- The verification backlog as of the run's day: per outcome, measure and age (days since the supplier submitted,
-- by the as-of day: 'up to 30 days', '31 to 90 days', 'over 90 days', 'not dated' without a submission day), the
-- returns awaiting verification (the latest per contract, measure and quarter), their quantity and £, the oldest's
-- submission day and wait, and the contracts and quarters waiting.
WITH pending AS (
    SELECT
        *,
        $as_of - submitted_on AS days_waiting,
        CASE
            WHEN submitted_on IS NULL THEN 'not dated'
            WHEN $as_of - submitted_on <= 30 THEN 'up to 30 days'
            WHEN $as_of - submitted_on <= 90 THEN '31 to 90 days'
            ELSE 'over 90 days'
        END AS age
    FROM social_value_returns
    WHERE counts AND status = 'pending'
)
SELECT
    m.outcome_id,
    p.measure_id,
    p.age,
    count(*) AS pending_returns,
    sum(p.quantity) AS pending_quantity,
    at_proxy(sum(p.quantity), any_value(m.proxy_value)) AS pending_value,
    min(p.submitted_on) AS oldest_submitted_on,
    max(p.days_waiting) AS oldest_days_waiting,
    string_agg(p.contract_id || ' ' || p.quarter, ', ' ORDER BY p.contract_id, p.quarter) AS waiting,
    CAST($as_of AS DATE) AS as_of
FROM pending AS p
JOIN social_value_measures AS m USING (measure_id)
GROUP BY ALL
ORDER BY m.outcome_id, p.measure_id, min(coalesce(p.days_waiting, -1)) DESC
