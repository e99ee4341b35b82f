-- Files whose lines, rows or money are not fully accounted for (no rows when everything reconciles).
WITH loaded AS (
    SELECT source_file, count(*) AS n, sum(amount) AS amount FROM ledger_transactions GROUP BY source_file
),
quarantined AS (
    SELECT source_file, count(*) AS n, coalesce(sum(amount), 0) AS amount FROM ledger_quarantine GROUP BY source_file
),
accounted AS (
    SELECT
        f.source_file,
        f.physical_lines,
        f.lines_read,
        f.row_lines_inside_records,
        f.data_rows,
        f.amount_in_file,
        coalesce(l.n, 0) + coalesce(q.n, 0) AS accounted_rows,
        coalesce(l.amount, 0) + coalesce(q.amount, 0) AS accounted_amount
    FROM ledger_files AS f
    LEFT JOIN loaded AS l USING (source_file)
    LEFT JOIN quarantined AS q USING (source_file)
)
SELECT *
FROM accounted
WHERE physical_lines <> lines_read OR row_lines_inside_records > 0 OR data_rows <> accounted_rows OR amount_in_file <> accounted_amount
ORDER BY source_file
