-- Every ledger row that was not loaded, with its file, line, the reason, and the row as it stands in the file.
-- `amount` is the row's amount where it parses, so quarantined money is still counted in reconciliation.
SELECT source_file, source_line, reason, record AS raw, amount
FROM ledger_rows
WHERE reason IS NOT NULL
ORDER BY source_file, source_line
