-- One row per ledger file of the last ingest: what came in, what was loaded, what was quarantined and why, the share
-- of its dates and amounts that parse, the expectations of expectations/ledger_files.json it fails (from
-- file_expectations, which the asset fills with GX), the optional fields its loaded rows never fill (its header has
-- no such column, or the column is empty: what the breakdowns, links and types cannot use), and a status.
WITH loaded AS (
    SELECT source_file, count(*) AS loaded_rows, sum(amount) AS loaded_amount
    FROM ledger_transactions
    GROUP BY source_file
),
quarantined AS (
    SELECT
        source_file,
        count(*) AS quarantined_rows,
        coalesce(sum(amount), 0) AS quarantined_amount,
        bool_or(starts_with(reason, 'file rejected whole')) AS rejected_whole
    FROM ledger_quarantine
    GROUP BY source_file
),
kinds AS (
    -- a reason without its particulars (quoted values, line numbers, percentages), so that like counts with like
    SELECT
        source_file,
        regexp_replace(reason, '''[^'']*''|\d+(\.\d+)?%|line \d+', '…', 'g')
            AS reason_kind,
        count(*) AS n
    FROM ledger_quarantine
    GROUP BY ALL
),
unfilled AS (
    SELECT
        source_file,
        nullif(concat_ws(', ',
            CASE WHEN count(supplier_id) = 0 THEN 'supplier_id' END,
            CASE WHEN count(transaction_number) = 0 THEN 'transaction_number' END,
            CASE WHEN count(department) = 0 THEN 'department' END,
            CASE WHEN count(expense_type) = 0 THEN 'expense_type' END,
            CASE WHEN count(category) = 0 THEN 'category' END,
            CASE WHEN count(company_number) = 0 THEN 'company_number' END,
            CASE WHEN count(charity_number) = 0 THEN 'charity_number' END
        ), '') AS fields_missing
    FROM ledger_transactions
    GROUP BY source_file
),
reasons AS (
    SELECT source_file, string_agg(format('{} ({})', reason_kind, n), '; ' ORDER BY n DESC, reason_kind) AS reasons
    FROM kinds
    GROUP BY source_file
)
SELECT
    f.source_file,
    f.encoding,
    f.data_rows,
    f.amount_in_file,
    coalesce(l.loaded_rows, 0) AS loaded_rows,
    CAST(coalesce(l.loaded_amount, 0) AS DECIMAL(18, 2)) AS loaded_amount,
    coalesce(q.quarantined_rows, 0) AS quarantined_rows,
    CAST(coalesce(q.quarantined_amount, 0) AS DECIMAL(18, 2)) AS quarantined_amount,
    r.reasons AS quarantined_by_reason,
    f.date_parse_rate,
    f.amount_parse_rate,
    e.failed_expectations,
    e.failed_expectations IS NULL AS meets_expectations,
    u.fields_missing,
    CASE
        WHEN f.bytes = 0 THEN 'empty file: nothing loaded'
        WHEN f.source_file <> c.first_file THEN 'copy of another file: not loaded'
        WHEN f.problem IS NOT NULL AND f.header_line IS NULL THEN 'unreadable: not loaded'
        WHEN f.problem IS NOT NULL THEN 'required columns missing: not loaded'
        WHEN q.rejected_whole THEN 'rejected whole: not loaded'
        WHEN f.data_rows = 0 THEN 'no data rows: nothing loaded'
        WHEN f.data_rows > 0 AND coalesce(l.loaded_rows, 0) = 0 THEN 'every row quarantined'
        WHEN coalesce(q.quarantined_rows, 0) > 0 THEN 'loaded, some rows quarantined'
        ELSE 'loaded'
    END AS status
FROM ledger_files AS f
LEFT JOIN loaded AS l USING (source_file)
LEFT JOIN quarantined AS q USING (source_file)
LEFT JOIN reasons AS r USING (source_file)
LEFT JOIN unfilled AS u USING (source_file)
LEFT JOIN file_expectations AS e USING (source_file)
JOIN (SELECT content_key, min(source_file) AS first_file FROM ledger_files GROUP BY content_key) AS c USING (content_key)
ORDER BY f.source_file
