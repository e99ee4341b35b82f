-- The lines of the contracts register that cannot be used, with file, line, reason and the line as written.
SELECT source_file, source_line, reason, record FROM contract_rows WHERE reason IS NOT NULL ORDER BY source_line
