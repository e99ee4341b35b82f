-- Counted from the physical lines, apart from the record splitter: per file, the lines after the header that read
-- alone as rows of the file (their date and amount parse) but start no row. Only a file with a record over several
-- lines can have any (in every other file each line is a record), so only those files' lines are looked at
-- (spanning_lines). Records that swallowed rows are split back into them (split_swallowing_records), so this is 0
-- unless a quote is left open where that cannot help (in the header line); the reconciliation check fails on any.
SELECT l.source_file, count(*) AS row_lines_inside_records
FROM spanning_lines AS l
JOIN ledger_layouts AS y USING (source_file)
ANTI JOIN new_ledger_rows AS r ON r.source_file = l.source_file AND r.source_line = l.line_no
WHERE l.line_no > y.header_line AND reads_as_row(csv_fields_split_at(l.line, y.delimiter), y.date_col, y.amount_col)
GROUP BY l.source_file
