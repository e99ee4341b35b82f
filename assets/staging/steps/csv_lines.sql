-- Every physical line of every file in csv_files(read_path, source_file, delimiter, header_line), numbered from 1,
-- with whether it ends inside a quoted field when read as the start of a record (`opens_quote`). Line ends are LF,
-- CRLF or a lone CR; the UTF-8 byte-order mark is dropped; the empty string after a file's final line break is not
-- a line. Lines above a file's header (titles) are not part of its table: they never open a quoted field.
-- csv_records turns these lines into records.
WITH texts AS (
    SELECT
        f.source_file,
        f.delimiter,
        coalesce(f.header_line, 1) AS header_line,
        string_split(
            replace(replace(regexp_replace(t.content, '^\x{FEFF}', ''), chr(13) || chr(10), chr(10)), chr(13), chr(10)),
            chr(10)
        ) AS lines
    FROM read_text($read_paths) AS t
    JOIN csv_files AS f ON f.read_path = t.filename
),
lines AS (
    SELECT
        source_file,
        delimiter,
        header_line,
        unnest(lines) AS line,
        unnest(range(1, len(lines) + 1)) AS line_no,
        len(lines) AS n_lines
    FROM texts
)
SELECT
    source_file,
    line_no,
    line,
    line_no >= header_line AND ends_in_quoted_field(comma_separated(line, delimiter)) AS opens_quote
FROM lines
WHERE NOT (line_no = n_lines AND line = '')
