-- Each quarter of each contract with commitments, from the quarter it starts in to the quarter it ends in or the
-- run's as-of day falls in, whichever is first: when the quarter's return falls due ($return_due_days after the
-- quarter ends), whether it is due by the as-of day, and the first submission for it (any measure, any status).
WITH quarters AS (
    SELECT c.contract_id, CAST(unnest(generate_series(
        date_trunc('quarter', c.start_date), date_trunc('quarter', least(c.end_date, $as_of)), INTERVAL 3 MONTH
    )) AS DATE) AS quarter_start
    FROM contracts AS c
    WHERE c.contract_id IN (SELECT contract_id FROM commitments) AND c.start_date <= $as_of
),
labelled AS (
    SELECT
        contract_id,
        fiscal_year(quarter_start) || ' Q' || ((month(quarter_start) + 8) % 12 // 3 + 1) AS quarter,
        CAST(quarter_start + INTERVAL 3 MONTH - INTERVAL 1 DAY + to_days(CAST($return_due_days AS INTEGER)) AS DATE)
            AS due_on
    FROM quarters
)
SELECT
    l.contract_id,
    l.quarter,
    l.due_on,
    l.due_on < $as_of AS due,
    min(r.submitted_on) AS first_submitted_on,
    count(r.contract_id) > 0 AS received
FROM labelled AS l
LEFT JOIN social_value_returns AS r USING (contract_id, quarter)
GROUP BY ALL
