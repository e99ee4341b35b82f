-- Per financial year, quarter ('Q1' to 'Q4', and 'year' for the year as a whole), outcome and measure: what the
-- contracts committed (on 'year' rows only: a commitment for a year counts in it, one over the whole contract in
-- the year the contract starts), delivered (declared, the latest return per quarter), verified, rejected and pending,
-- in units and in £ at the measure's proxy value, and how many returns await verification (their age, which
-- changes every day, is in mart_social_value_backlog: a closed year's figures here are frozen).
WITH committed AS (
    SELECT coalesce(k.fiscal_year, fiscal_year(c.start_date)) AS fiscal_year, k.measure_id, sum(k.quantity) AS quantity
    FROM commitments AS k
    JOIN contracts AS c USING (contract_id)
    GROUP BY ALL
),
returned AS (
    SELECT
        fiscal_year,
        'Q' || quarter_number AS quarter,
        measure_id,
        sum(quantity) AS delivered,
        coalesce(sum(verified_quantity) FILTER (WHERE status = 'verified'), 0) AS verified,
        coalesce(sum(quantity) FILTER (WHERE status = 'rejected'), 0) AS rejected,
        coalesce(sum(quantity) FILTER (WHERE status = 'pending'), 0) AS pending,
        count(*) FILTER (WHERE status = 'pending') AS pending_returns
    FROM social_value_returns
    WHERE counts
    GROUP BY GROUPING SETS ((fiscal_year, quarter_number, measure_id), (fiscal_year, measure_id))
),
figures AS (
    SELECT
        coalesce(r.fiscal_year, c.fiscal_year) AS fiscal_year,
        coalesce(r.quarter, 'year') AS quarter,
        coalesce(r.measure_id, c.measure_id) AS measure_id,
        CASE WHEN r.quarter IS NULL THEN coalesce(c.quantity, 0) END AS committed_quantity,
        coalesce(r.delivered, 0) AS delivered_quantity,
        coalesce(r.verified, 0) AS verified_quantity,
        coalesce(r.rejected, 0) AS rejected_quantity,
        coalesce(r.pending, 0) AS pending_quantity,
        coalesce(r.pending_returns, 0) AS pending_returns
    FROM returned AS r
    FULL JOIN committed AS c ON c.fiscal_year = r.fiscal_year AND c.measure_id = r.measure_id AND r.quarter IS NULL
)
SELECT
    f.fiscal_year,
    f.quarter,
    m.outcome_id,
    m.outcome_title,
    f.measure_id,
    m.measure_title,
    m.unit,
    m.proxy_value,
    f.committed_quantity,
    f.delivered_quantity,
    f.verified_quantity,
    f.rejected_quantity,
    f.pending_quantity,
    at_proxy(f.committed_quantity, m.proxy_value) AS committed_value,
    at_proxy(f.delivered_quantity, m.proxy_value) AS delivered_value,
    at_proxy(f.verified_quantity, m.proxy_value) AS verified_value,
    at_proxy(f.rejected_quantity, m.proxy_value) AS rejected_value,
    at_proxy(f.pending_quantity, m.proxy_value) AS pending_value,
    f.pending_returns
FROM figures AS f
JOIN social_value_measures AS m USING (measure_id)
ORDER BY f.fiscal_year, f.quarter = 'year', f.quarter, m.outcome_id, f.measure_id
