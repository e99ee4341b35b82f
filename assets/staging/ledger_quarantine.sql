-- Every ledger row that was not loaded, with its file, the lines it spans (source_line to last_line; one line unless
-- a quoted field holds a line break), the reason, and the row as it stands in the file.
-- `amount` is the row's amount where it parses, so quarantined money is still counted in reconciliation.
SELECT source_file, source_line, last_line, reason, record AS raw, amount
FROM ledger_verdicts
WHERE reason IS NOT NULL
ORDER BY source_file, source_line
