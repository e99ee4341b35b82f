-- Every record of every file in csv_files(read_path, source_file), with the physical line it starts on.
-- A record is one line unless a quoted field holds a newline: a line continues the record above it while the
-- quote marks seen so far in the file are unbalanced. Only quotes that open or close a field count (after a field's
-- comma or at line start, before a comma or at line end; doubled quotes "" are text), so a stray inch mark such as
-- 12" PIPE cannot swallow the lines after it. The UTF-8 byte-order mark and the CR of CRLF endings are dropped.
WITH texts AS (
    SELECT f.source_file, string_split(regexp_replace(t.content, '^\x{FEFF}', ''), chr(10)) AS lines
    FROM read_text($read_paths) AS t
    JOIN csv_files AS f ON f.read_path = t.filename
),
lines AS (
    SELECT source_file, unnest(lines) AS line, unnest(range(1, len(lines) + 1)) AS line_no, len(lines) AS n_lines
    FROM texts
),
marked AS (
    SELECT
        source_file,
        line_no,
        rtrim(line, chr(13)) AS line,
        len(regexp_extract_all(replace(rtrim(line, chr(13)), '""', ''), '(?:^|,)"'))
            + len(regexp_extract_all(replace(rtrim(line, chr(13)), '""', ''), '"(?:,|$)')) AS quote_marks
    FROM lines
    -- the empty string after a file's final newline is not a line
    WHERE NOT (line_no = n_lines AND line = '')
),
numbered AS (
    SELECT
        source_file,
        line_no,
        line,
        coalesce(sum(quote_marks) OVER (
            PARTITION BY source_file ORDER BY line_no ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ), 0) % 2 = 1 AS continues_record
    FROM marked
),
grouped AS (
    SELECT
        *,
        max(CASE WHEN NOT continues_record THEN line_no END) OVER (
            PARTITION BY source_file ORDER BY line_no ROWS UNBOUNDED PRECEDING
        ) AS source_line
    FROM numbered
)
SELECT
    source_file,
    source_line,
    max(line_no) AS last_line,
    string_agg(line, chr(10) ORDER BY line_no) AS record,
    csv_fields(string_agg(line, chr(10) ORDER BY line_no)) AS fields
FROM grouped
GROUP BY source_file, source_line
