-- Every record of every file in csv_files(read_path, source_file), with the physical line it starts on.
-- A record is one line unless a quoted field holds a line break. Whether a line ends inside a quoted field depends
-- on whether it began inside one, so each line is read both ways (ends_in_quoted_field on the line, and on the
-- line after an opening quote); the state after each line then follows from the last line whose outcome did not
-- depend on its start, and the lines since that flip it. This is exact CSV quoting, so a stray inch mark such as
-- 12" PIPE, at the end of a field or not, never swallows the lines after it. Line ends are LF, CRLF or a lone CR;
-- the UTF-8 byte-order mark is dropped.
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
lines AS (
    SELECT source_file, unnest(lines) AS line, unnest(range(1, len(lines) + 1)) AS line_no, len(lines) AS n_lines
    FROM texts
),
outcomes AS (
    SELECT
        source_file,
        line_no,
        line,
        ends_in_quoted_field(line) AS from_outside,
        ends_in_quoted_field('"' || line) AS from_inside
    FROM lines
    -- the empty string after a file's final line break is not a line
    WHERE NOT (line_no = n_lines AND line = '')
),
counted AS (
    SELECT
        *,
        from_outside = from_inside AS decides,
        sum(CAST(from_outside AND NOT from_inside AS INTEGER)) OVER (
            PARTITION BY source_file ORDER BY line_no ROWS UNBOUNDED PRECEDING
        ) AS flips
    FROM outcomes
),
states AS (
    SELECT
        *,
        (
            CAST(coalesce(last_value(CASE WHEN decides THEN from_outside END IGNORE NULLS) OVER per_line, false) AS INTEGER)
            + flips - coalesce(last_value(CASE WHEN decides THEN flips END IGNORE NULLS) OVER per_line, 0)
        ) % 2 = 1 AS inside_after
    FROM counted
    WINDOW per_line AS (PARTITION BY source_file ORDER BY line_no ROWS UNBOUNDED PRECEDING)
),
numbered AS (
    SELECT
        source_file,
        line_no,
        line,
        coalesce(lag(inside_after) OVER (PARTITION BY source_file ORDER BY line_no), false) AS continues_record
    FROM states
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
