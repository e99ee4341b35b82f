-- Every record of the files in csv_lines, with the physical lines it spans, its fields (split at the file's
-- delimiter, csv_files.delimiter), and whether it is blank (no field holds anything: not a row).
-- A record is one line unless a quoted field holds a line break. In a file where no line, read as the start of a
-- record, ends inside a quoted field, every line starts outside one, so every line is a record: almost every
-- published file, taken line for line. Only files with such a line go through the quote-state machine below.
-- There, whether a line ends inside a quoted field depends on whether it began inside one, so each line is read
-- both ways (from outside, and from inside: after an opening quote); the state after each line then follows from
-- the last line whose outcome did not depend on its start, and the lines since that flip it. This is exact CSV
-- quoting, so a stray inch mark such as 12" PIPE, at the end of a field or not, never swallows the lines after it.
WITH spanning_files AS (
    SELECT DISTINCT source_file FROM csv_lines WHERE opens_quote
),
single_line_records AS (
    SELECT source_file, line_no AS source_line, line_no AS last_line, line AS record
    FROM csv_lines
    ANTI JOIN spanning_files USING (source_file)
    UNION ALL  -- lines above the header of a file with records over several lines
    SELECT l.source_file, l.line_no, l.line_no, l.line
    FROM csv_lines AS l
    JOIN csv_files AS f USING (source_file)
    SEMI JOIN spanning_files USING (source_file)
    WHERE l.line_no < coalesce(f.header_line, 1)
),
outcomes AS (
    SELECT
        l.source_file,
        l.line_no,
        l.line,
        l.opens_quote AS from_outside,
        NOT contains(l.line, '"') OR ends_in_quoted_field('"' || comma_separated(l.line, f.delimiter)) AS from_inside
    FROM csv_lines AS l
    JOIN csv_files AS f USING (source_file)
    SEMI JOIN spanning_files USING (source_file)
    WHERE l.line_no >= coalesce(f.header_line, 1)
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
),
multi_line_records AS (
    SELECT source_file, source_line, max(line_no) AS last_line, string_agg(line, chr(10) ORDER BY line_no) AS record
    FROM grouped
    GROUP BY source_file, source_line
)
SELECT
    source_file,
    source_line,
    last_line,
    record,
    fields,
    -- only a record of spaces, quotes and delimiters can be blank: the rest are not joined and trimmed
    CASE WHEN ltrim(record, ' "' || delimiter) = '' THEN is_blank_record(fields) ELSE false END AS blank
FROM (
    SELECT r.*, f.delimiter, csv_fields_split_at(r.record, f.delimiter) AS fields
    FROM (SELECT * FROM single_line_records UNION ALL SELECT * FROM multi_line_records) AS r
    JOIN csv_files AS f USING (source_file)
)
