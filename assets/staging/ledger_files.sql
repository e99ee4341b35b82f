-- One row per ledger file parsed in this run (the asset adds them to the files kept from earlier runs): its
-- fingerprint and content, how it was read and its lines used, the rows and money it holds, the share of its
-- non-empty dates and amounts that parse (NULL where it has none) and the order its dates were read in.
-- `physical_lines` is counted from the bytes, independently of the SQL that splits records; the reconciliation
-- check compares it with `lines_read`, and the rows and money here with the two tables built from them.
-- `parse_key` fingerprints the parsing rules and settings the file was parsed with: a file is parsed again only
-- when its bytes or these change. `judged_at` is when its rows were last judged across files (set by the asset
-- after judging): located_transactions locates again the payments of files judged since it last did.
WITH records AS (
    SELECT
        source_file,
        sum(last_line - source_line + 1) AS lines_read,
        count(*) FILTER (WHERE blank) AS blank_records
    FROM ledger_records
    GROUP BY source_file
),
-- Counted from the physical lines, apart from the record splitter: the lines after the header that read alone as
-- rows of the file (its date and amount parse) but start no row. Only a file with a record over several lines can
-- have any (in every other file each line is a record). Records that swallowed rows are split back into them in
-- ledger_rows, so this is 0 unless a quote is left open where that cannot help (in the header line); the
-- reconciliation check fails on any.
swallowed AS (
    SELECT l.source_file, count(*) AS row_lines_inside_records
    FROM spanning_lines AS l
    JOIN ledger_layouts AS y USING (source_file)
    ANTI JOIN new_ledger_rows AS r ON r.source_file = l.source_file AND r.source_line = l.line_no
    WHERE l.line_no > y.header_line AND reads_as_row(csv_fields_split_at(l.line, y.delimiter), y.date_col, y.amount_col)
    GROUP BY l.source_file
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
    f.modified_ns,
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
    l.problem,
    $parse_key AS parse_key,
    CAST(NULL AS TIMESTAMPTZ) AS judged_at
FROM csv_files AS f
LEFT JOIN records AS r USING (source_file)
LEFT JOIN ledger_layouts AS l USING (source_file)
LEFT JOIN rows AS d USING (source_file)
LEFT JOIN swallowed AS s USING (source_file)
ORDER BY f.source_file
