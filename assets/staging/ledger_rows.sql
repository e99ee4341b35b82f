-- Every data row of every ledger file, its fields picked by the file's layout and parsed, with the reason it
-- cannot be loaded (NULL when it can). Rows above or at the header, and blank rows, are not data rows.
WITH headers AS (
    SELECT r.source_file, list_transform(r.fields, lambda f: lower(trim(f))) AS header
    FROM ledger_records AS r
    JOIN ledger_layouts AS l ON l.source_file = r.source_file AND l.header_line = r.source_line
),
data AS (
    SELECT r.source_file, r.source_line, r.record, r.fields, l.*, h.header
    FROM ledger_records AS r
    JOIN ledger_layouts AS l USING (source_file)
    JOIN headers AS h USING (source_file)
    WHERE r.source_line > l.header_line AND NOT is_blank_record(r.fields)
),
extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        problem,
        header_line,
        list_transform(fields, lambda f: lower(trim(f))) = header AS repeats_header,
        header_fields,
        len(fields) AS n_fields,
        NOT is_blank_record(fields[header_fields + 1:]) AS has_extra_values,
        nullif(trim(fields[date_col]), '') AS date_text,
        nullif(trim(fields[amount_col]), '') AS amount_text,
        nullif(trim(fields[supplier_name_col]), '') AS supplier_name,
        nullif(trim(fields[supplier_id_col]), '') AS supplier_id,
        nullif(trim(fields[transaction_number_col]), '') AS transaction_number,
        nullif(trim(fields[department_col]), '') AS department,
        nullif(trim(fields[expense_type_col]), '') AS expense_type
    FROM data
),
parsed AS (
    SELECT *, parse_date(date_text, $day_first) AS payment_date, parse_amount(amount_text) AS amount
    FROM extracted
),
-- A file whose columns are shifted (names where dates belong, text in amounts) is wrong as a whole: when too few
-- of the non-empty values of a required column parse, every row of the file is rejected. Empty values are a
-- row-level matter and do not count. The thresholds come from expectations/ledger_files.json.
rated AS (
    SELECT
        *,
        count(payment_date) OVER per_file / nullif(count(date_text) OVER per_file, 0) AS date_parse_rate,
        count(amount) OVER per_file / nullif(count(amount_text) OVER per_file, 0) AS amount_parse_rate
    FROM parsed
    WINDOW per_file AS (PARTITION BY source_file)
)
SELECT
    *,
    fiscal_year(payment_date) AS fiscal_year,
    CASE
        WHEN problem IS NOT NULL THEN problem
        WHEN date_parse_rate < $min_date_parse_rate OR amount_parse_rate < $min_amount_parse_rate THEN format(
            'file rejected whole: {:.1f}% of its non-empty dates and {:.1f}% of its amounts parse, below the '
            '{:.0f}% and {:.0f}% that expectations/ledger_files.json requires; are its columns shifted?',
            100 * coalesce(date_parse_rate, 1), 100 * coalesce(amount_parse_rate, 1),
            100 * $min_date_parse_rate, 100 * $min_amount_parse_rate
        )
        WHEN repeats_header THEN format('a repeat of the header row (line {})', header_line)
    ELSE nullif(concat_ws('; ',
        CASE WHEN has_extra_values THEN format(
            'row has {} fields but the header has {}, and the extra fields are not empty', n_fields, header_fields
        ) END,
        CASE WHEN date_text IS NULL THEN 'date is empty'
             WHEN payment_date IS NULL THEN format('date ''{}'' does not parse', date_text) END,
        CASE WHEN amount_text IS NULL THEN 'amount is empty'
             WHEN amount IS NULL THEN format('amount ''{}'' does not parse', amount_text) END
    ), '') END AS reason
FROM rated
