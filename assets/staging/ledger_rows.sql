-- Every data row of the ledger files being parsed, its fields picked by the file's layout and parsed, with the
-- reason it cannot be loaded as far as its own file tells (NULL when it can). Rows above or at the header, and
-- blank rows, are not data rows. Kept in table ledger_rows, so each file is parsed once; ledger_copies then
-- judges across files.
WITH headers AS (
    SELECT r.source_file, list_transform(r.fields, lambda f: lower(trim(f))) AS header
    FROM ledger_records AS r
    JOIN ledger_layouts AS l ON l.source_file = r.source_file AND l.header_line = r.source_line
),
data AS (
    SELECT r.source_file, r.source_line, r.last_line, r.record, r.fields, l.*, h.header
    FROM ledger_records AS r
    JOIN ledger_layouts AS l USING (source_file)
    JOIN headers AS h USING (source_file)
    WHERE r.source_line > l.header_line AND NOT r.blank
),
extracted AS (
    SELECT
        source_file,
        source_line,
        last_line,
        record,
        problem,
        header_line,
        CASE WHEN lower(trim(fields[1])) = header[1]
            THEN list_transform(fields, lambda f: lower(trim(f))) = header ELSE false END AS repeats_header,
        header_fields,
        len(fields) AS n_fields,
        NOT is_blank_record(fields[header_fields + 1:]) AS has_extra_values,
        nullif(trim(fields[date_col]), '') AS date_text,
        nullif(trim(fields[amount_col]), '') AS amount_text,
        nullif(trim(fields[supplier_name_col]), '') AS supplier_name,
        nullif(trim(fields[supplier_id_col]), '') AS supplier_id,
        nullif(trim(fields[transaction_number_col]), '') AS transaction_number,
        nullif(trim(fields[department_col]), '') AS department,
        nullif(trim(fields[expense_type_col]), '') AS expense_type,
        nullif(trim(fields[company_number_col]), '') AS company_number
    FROM data
),
parsed AS (
    SELECT *, parse_date(date_text, $day_first) AS payment_date, parse_amount(amount_text) AS amount
    FROM extracted
),
-- A file whose columns are shifted (names where dates belong, text in amounts) is wrong as a whole: when too few
-- of the non-empty values of a required column parse, every row of the file is rejected. Empty values are a
-- row-level matter and do not count, nor do repeated header rows; a file with fewer than $min_values_to_judge
-- values in a column is not judged on it (rate NULL). The thresholds come from expectations/ledger_files.json.
rated AS (
    SELECT
        *,
        CASE WHEN count(date_text) FILTER (WHERE NOT repeats_header) OVER per_file >= $min_values_to_judge
            THEN count(payment_date) FILTER (WHERE NOT repeats_header) OVER per_file
                / count(date_text) FILTER (WHERE NOT repeats_header) OVER per_file
        END AS date_parse_rate,
        CASE WHEN count(amount_text) FILTER (WHERE NOT repeats_header) OVER per_file >= $min_values_to_judge
            THEN count(amount) FILTER (WHERE NOT repeats_header) OVER per_file
                / count(amount_text) FILTER (WHERE NOT repeats_header) OVER per_file
        END AS amount_parse_rate
    FROM parsed
    WINDOW per_file AS (PARTITION BY source_file)
),
judged AS (
    SELECT
        *,
        fiscal_year(payment_date) AS fiscal_year,
        CASE
            WHEN problem IS NOT NULL THEN problem
            WHEN repeats_header THEN format('a repeat of the header row (line {})', header_line)
            WHEN date_parse_rate < $min_date_parse_rate OR amount_parse_rate < $min_amount_parse_rate
                THEN 'file rejected whole: ' || concat_ws(' and ',
                    CASE WHEN date_parse_rate < $min_date_parse_rate THEN format(
                        'only {:.1f}% of its non-empty dates parse', 100 * date_parse_rate) END,
                    CASE WHEN amount_parse_rate < $min_amount_parse_rate THEN format(
                        'only {:.1f}% of its non-empty amounts parse', 100 * amount_parse_rate) END
                ) || format(
                    ' (expectations/ledger_files.json requires {:.0f}% of dates and {:.0f}% of amounts); '
                    'are its columns shifted?', 100 * $min_date_parse_rate, 100 * $min_amount_parse_rate
                )
        ELSE nullif(concat_ws('; ',
            CASE WHEN has_extra_values THEN format(
                'row has {} fields but the header has {}, and the extra fields are not empty', n_fields, header_fields
            ) END,
            CASE WHEN date_text IS NULL THEN 'date is empty'
                 WHEN payment_date IS NULL THEN format('date ''{}'' does not parse', date_text) END,
            CASE WHEN amount_text IS NULL THEN 'amount is empty'
                 WHEN amount IS NULL AND amount_exact(amount_text) IS NOT NULL
                     THEN format('amount ''{}'' has a fraction of a penny', amount_text)
                 WHEN amount IS NULL THEN format('amount ''{}'' does not parse', amount_text) END
        ), '') END AS reason
    FROM rated
)
SELECT
    source_file,
    source_line,
    last_line,
    record,
    payment_date,
    fiscal_year,
    amount,
    amount_text,
    supplier_name,
    supplier_id,
    transaction_number,
    department,
    expense_type,
    company_number,
    date_parse_rate,
    amount_parse_rate,
    reason
FROM judged
