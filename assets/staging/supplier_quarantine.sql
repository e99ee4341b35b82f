-- Every supplier file row that was not used, with its file, line, the reason and the row as it stands.
SELECT source_file, source_line, reason, record AS raw
FROM supplier_rows
WHERE reason IS NOT NULL
ORDER BY source_line
