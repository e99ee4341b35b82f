-- The lines of the commitments file that cannot be used, with file, line, reason and the line as written.
SELECT source_file, source_line, reason, record FROM commitment_rows WHERE reason IS NOT NULL ORDER BY source_line
