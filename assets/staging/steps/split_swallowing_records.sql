-- ledger_records, with each record that swallowed rows split back into its lines, and a quote_problem on each of
-- them (NULL on every other record). Run only for a batch with a record over several lines below its header.
-- A record spanning lines, a later one of which reads alone as a row of the file (its date and amount parse), was
-- made by an unbalanced quote (a stray `"` opening a field that a later line closes, or none does): the rows it
-- swallowed would be lost in one long field. Each of its lines becomes a row of its own, quarantined saying where
-- the quote opened.
WITH header_names AS (
    SELECT r.source_file, r.fields AS header_names
    FROM ledger_records AS r
    JOIN ledger_layouts AS l ON l.source_file = r.source_file AND l.header_line = r.source_line
),
swallowing AS (
    SELECT r.source_file, r.source_line, r.last_line, string_split(r.record, chr(10)) AS lines, l.delimiter
    FROM ledger_records AS r
    JOIN ledger_layouts AS l USING (source_file)
    WHERE r.last_line > r.source_line AND r.source_line > l.header_line
        AND list_bool_or(list_transform(
            string_split(r.record, chr(10))[2:],
            lambda line: reads_as_row(csv_fields_split_at(line, l.delimiter), l.date_col, l.amount_col)
        ))
),
split_lines AS (
    SELECT
        s.source_file,
        s.source_line AS quote_line,
        s.last_line AS quote_last_line,
        open_quote_field(comma_separated(s.lines[1], s.delimiter)) AS quote_field,
        s.source_line + unnest(range(len(s.lines))) AS source_line,
        unnest(s.lines) AS record,
        s.delimiter
    FROM swallowing AS s
)
SELECT r.*, NULL AS quote_problem
FROM ledger_records AS r
ANTI JOIN swallowing AS s USING (source_file, source_line)
UNION ALL
SELECT
    s.source_file,
    s.source_line,
    s.source_line AS last_line,
    s.record,
    csv_fields_split_at(s.record, s.delimiter) AS fields,
    is_blank_record(csv_fields_split_at(s.record, s.delimiter)) AS blank,
    CASE WHEN s.source_line = s.quote_line
        THEN format(
            'unbalanced quote: the quote opening field {} ({}) on this line is not closed where the field ends, '
            'so lines {} to {} read as one record; each line is quarantined on its own: correct the quote and '
            'publish the file again', s.quote_field, coalesce(trim(h.header_names[s.quote_field]), '?'),
            s.quote_line, s.quote_last_line)
        ELSE format(
            'swallowed by the unbalanced quote opened on line {} (field {}, {}): correct it and publish the file '
            'again', s.quote_line, s.quote_field, coalesce(trim(h.header_names[s.quote_field]), '?'))
    END AS quote_problem
FROM split_lines AS s
JOIN header_names AS h USING (source_file)
