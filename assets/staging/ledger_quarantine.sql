-- Every ledger row that was not loaded, with its file, the lines it spans (source_line to last_line; one line unless
-- a quoted field holds a line break), the reason, and the row as it stands in the file. A copy's reason (another
-- file holds the same content, or the same payment) comes before the row's own.
-- `amount` is the row's amount where it parses, so quarantined money is still counted in reconciliation.
-- ledger_rows keeps the text of the rows their own file quarantines; a copy's is read again (copy_records).
SELECT
    r.source_file,
    r.source_line,
    r.last_line,
    coalesce(c.reason, r.reason) AS reason,
    coalesce(r.record, w.record) AS raw,
    r.amount
FROM ledger_rows_to_judge AS r
LEFT JOIN ledger_copies AS c USING (source_file, source_line)
LEFT JOIN copy_records AS w USING (source_file, source_line)
WHERE r.reason IS NOT NULL OR c.reason IS NOT NULL
ORDER BY r.source_file, r.source_line
