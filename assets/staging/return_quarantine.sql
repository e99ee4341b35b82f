-- The lines of the quarterly returns files that cannot be used, with file, line, reason and the line as written.
SELECT source_file, source_line, reason, record
FROM return_rows
WHERE reason IS NOT NULL
ORDER BY source_file, source_line
