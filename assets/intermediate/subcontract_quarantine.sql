-- The lines of the declared subcontracts file that cannot be used, with file, line, reason and the line as written.
SELECT source_file, source_line, reason, record FROM subcontracts_linked WHERE reason IS NOT NULL ORDER BY source_line
