-- Every physical line of every file in csv_files(read_path, source_file, delimiter, header_line), numbered from 1,
-- with whether it ends inside a quoted field when read as the start of a record (`opens_quote`). Line ends are LF,
-- CRLF or a lone CR; the UTF-8 byte-order mark is dropped; the empty string after a file's final line break is not
-- a line. Lines above a file's header (titles) are not part of its table: they never open a quoted field.
-- The files in $read_paths are split here; the others come split alike by DuckDB's CSV reader (view reader_lines).
-- csv_records turns these lines into records.
WITH texts AS (
    SELECT
        f.source_file,
        string_split(
            replace(replace(regexp_replace(t.content, '^\x{FEFF}', ''), chr(13) || chr(10), chr(10)), chr(13), chr(10)),
            chr(10)
        ) AS lines
    FROM read_text($read_paths) AS t
    JOIN csv_files AS f ON f.read_path = t.filename
),
split_lines AS (
    SELECT source_file, unnest(lines) AS line, unnest(range(1, len(lines) + 1)) AS line_no, len(lines) AS n_lines
    FROM texts
),
lines AS (
    SELECT source_file, line_no, line FROM split_lines WHERE NOT (line_no = n_lines AND line = '')
    UNION ALL
    SELECT source_file, line_no, line FROM reader_lines
)
SELECT
    l.source_file,
    l.line_no,
    l.line,
    l.line_no >= coalesce(f.header_line, 1) AND ends_in_quoted_field(comma_separated(l.line, f.delimiter)) AS opens_quote
FROM lines AS l
JOIN csv_files AS f USING (source_file)
