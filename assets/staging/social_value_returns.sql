-- Every usable quarterly return, the history included: per contract, measure and quarter the latest submission
-- counts (by submitted_on; on the same day the portal's (source_file 'portal', as portal_returns.py names it), whose
-- lines come in the order they were submitted, before a file's; then the later file and line); an earlier one stays
-- with `counts` false and the line of the one that superseded it. Verified quantities count only on verified returns.
WITH ranked AS (
    SELECT
        *,
        row_number() OVER latest AS submission,
        first_value(source_file || ', line ' || source_line) OVER latest AS latest_line
    FROM return_rows
    WHERE reason IS NULL
    WINDOW latest AS (
        PARTITION BY contract_id, measure_id, quarter
        ORDER BY submitted_on DESC NULLS LAST, source_file = 'portal' DESC, source_file DESC, source_line DESC
    )
)
SELECT
    source_file,
    source_line,
    contract_id,
    measure_id,
    fiscal_year,
    quarter,
    quarter_number,
    quarter_start,
    quarter_end,
    quantity,
    evidence,
    submitted_on,
    status,
    CASE WHEN status = 'verified' THEN verified_quantity END AS verified_quantity,
    verified_on,
    note,
    submission = 1 AS counts,
    CASE WHEN submission > 1 THEN latest_line END AS superseded_by,
    field_problems
FROM ranked
ORDER BY contract_id, measure_id, quarter, submission DESC
