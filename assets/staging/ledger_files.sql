-- One row per ledger file parsed in this run (the asset adds them to the files kept from earlier runs): its
-- fingerprint and content, how it was read and its lines used, the rows and money it holds, the share of its
-- non-empty dates and amounts that parse (NULL where it has none) and the order its dates were read in.
-- `physical_lines` is counted from the bytes, independently of the SQL that splits records; the reconciliation
-- check compares it with `lines_read`, `row_lines_inside_records` (see row_lines_inside_records.sql) with 0, and
-- the rows and money here with the two tables built from them.
WITH records AS (
    SELECT
        source_file,
        sum(last_line - source_line + 1) AS lines_read,
        count(*) FILTER (WHERE blank) AS blank_records
    FROM ledger_records
    GROUP BY source_file
),
rows AS (
    SELECT
        source_file,
        count(*) AS data_rows,
        coalesce(sum(amount), 0) AS amount_in_file,
        any_value(date_parse_rate) AS date_parse_rate,
        any_value(amount_parse_rate) AS amount_parse_rate,
        any_value(date_order) AS date_order,
        count(*) FILTER (WHERE reason IS NULL) AS rows_to_load,
        sum(CAST(hash(payment_date, amount, supplier_name, transaction_number) AS HUGEINT))
            FILTER (WHERE reason IS NULL) AS payments_hash
    FROM new_ledger_rows
    GROUP BY source_file
)
SELECT
    f.source_file,
    f.sha256,
    -- what the file holds: the payments it would load (the same in a CSV and the workbook it was saved from, or in
    -- a file saved again with other quoting), else its bytes; ledger_copies loads each content once
    CASE WHEN d.rows_to_load > 0 THEN format('payments {}:{}', d.rows_to_load, d.payments_hash)
        ELSE 'sha256 ' || f.sha256 END AS content_key,
    f.bytes,
    f.encoding,
    f.delimiter,
    f.physical_lines,
    coalesce(r.lines_read, 0) AS lines_read,
    l.header_line,
    coalesce(r.blank_records, 0) AS blank_records,
    coalesce(s.row_lines_inside_records, 0) AS row_lines_inside_records,
    coalesce(d.data_rows, 0) AS data_rows,
    CAST(coalesce(d.amount_in_file, 0) AS DECIMAL(18, 2)) AS amount_in_file,
    d.date_parse_rate,
    d.amount_parse_rate,
    d.date_order,
    l.problem
FROM csv_files AS f
LEFT JOIN records AS r USING (source_file)
LEFT JOIN ledger_layouts AS l USING (source_file)
LEFT JOIN rows AS d USING (source_file)
LEFT JOIN row_lines_inside_records AS s USING (source_file)
ORDER BY f.source_file
