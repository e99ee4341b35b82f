-- Every data row of the ledger files being parsed, its fields picked by the file's layout and parsed, with the
-- reason it cannot be loaded as far as its own file tells (NULL when it can). Rows above or at the header, and
-- blank rows, are not data rows. Kept in table ledger_rows, so each file is parsed once; ledger_copies then
-- judges across files. The records come with a quote_problem where split_swallowing_records split one.
WITH headers AS (
    SELECT r.source_file, list_transform(r.fields, lambda f: lower(trim(f))) AS header
    FROM ledger_records AS r
    JOIN ledger_layouts AS l ON l.source_file = r.source_file AND l.header_line = r.source_line
),
data AS (
    SELECT r.source_file, r.source_line, r.last_line, r.record, r.fields, r.quote_problem, l.*, h.header
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
        quote_problem,
        header_line,
        named_month,
        CASE WHEN lower(trim(fields[1])) = header[1]
            THEN list_transform(fields, lambda f: lower(trim(f))) = header ELSE false END AS repeats_header,
        header_fields,
        len(fields) AS n_fields,
        -- (only a row wider than the header can have any: the rest are not joined and trimmed)
        CASE WHEN len(fields) > header_fields THEN NOT is_blank_record(fields[header_fields + 1:]) ELSE false END
            AS has_extra_values,
        nullif(trim(fields[date_col]), '') AS date_text,
        nullif(trim(fields[amount_col]), '') AS amount_text,
        nullif(trim(fields[supplier_name_col]), '') AS supplier_name,
        nullif(trim(fields[supplier_id_col]), '') AS supplier_id,
        nullif(trim(fields[transaction_number_col]), '') AS transaction_number,
        nullif(trim(fields[department_col]), '') AS department,
        nullif(trim(fields[expense_type_col]), '') AS expense_type,
        nullif(trim(fields[category_col]), '') AS category,
        nullif(trim(fields[company_number_col]), '') AS company_number,
        nullif(trim(fields[charity_number_col]), '') AS charity_number
    FROM data
),
-- Dates are read in the order the file writes them. Its unambiguous dates decide (25/04/2019 is day first,
-- 04/25/2019 month first); when they show both orders, no one order reads the file and it is rejected whole. A file
-- with none is read so that its dates fall in the month its name gives (2019-03.csv: 03/05/2019 is 5 March), else
-- as the analysis's day_first says.
-- A ledger writes a few hundred dates a year on many rows, so each file's dates are read once per distinct text, with
-- how many rows and the first line that write it. (Read from the records directly: `extracted` is read once, by
-- `parsed`, so that it is never materialised.)
date_texts AS (
    SELECT r.source_file, trim(r.fields[l.date_col]) AS date_text, count(*) AS rows, min(r.source_line) AS first_line
    FROM ledger_records AS r
    JOIN ledger_layouts AS l USING (source_file)
    WHERE r.source_line > l.header_line
    GROUP BY ALL
),
numeric_dates AS (
    SELECT source_file, date_text, rows, first_line, named_month, TRY_CAST(numbers.a AS INTEGER) AS first_number,
        TRY_CAST(numbers.b AS INTEGER) AS second_number,
        -- a two-digit year as strptime's %y reads it
        CASE WHEN length(numbers.y) = 4 THEN TRY_CAST(numbers.y AS INTEGER)
            WHEN TRY_CAST(numbers.y AS INTEGER) < 69 THEN 2000 + TRY_CAST(numbers.y AS INTEGER)
            ELSE 1900 + TRY_CAST(numbers.y AS INTEGER) END AS year_number
    FROM (
        SELECT
            t.*,
            l.named_month,
            regexp_extract(t.date_text, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]|$)', ['a', 'b', 'y']) AS numbers
        FROM date_texts AS t
        JOIN ledger_layouts AS l USING (source_file)
    )
    WHERE numbers.a <> ''
),
date_evidence AS (
    SELECT
        source_file,
        any_value(named_month) AS named_month,
        coalesce(sum(rows) FILTER (WHERE first_number > 12 AND second_number BETWEEN 1 AND 12), 0) AS day_first_dates,
        arg_min(format('{} on line {}', date_text, first_line), first_line)
            FILTER (WHERE first_number > 12 AND second_number BETWEEN 1 AND 12) AS day_first_example,
        coalesce(sum(rows) FILTER (WHERE second_number > 12 AND first_number BETWEEN 1 AND 12), 0) AS month_first_dates,
        arg_min(format('{} on line {}', date_text, first_line), first_line)
            FILTER (WHERE second_number > 12 AND first_number BETWEEN 1 AND 12) AS month_first_example
    FROM numeric_dates
    GROUP BY source_file
),
-- read both ways only for the files whose dates say nothing, and whose name gives a month
named_month_fit AS (
    SELECT
        n.source_file,
        coalesce(sum(n.rows) FILTER (
            WHERE n.year_number = year(n.named_month) AND n.second_number = month(n.named_month)), 0
        ) AS day_first_in_named_month,
        coalesce(sum(n.rows) FILTER (
            WHERE n.year_number = year(n.named_month) AND n.first_number = month(n.named_month)), 0
        ) AS month_first_in_named_month
    FROM numeric_dates AS n
    SEMI JOIN date_evidence AS e
        ON e.source_file = n.source_file AND e.day_first_dates = 0 AND e.month_first_dates = 0
        AND e.named_month IS NOT NULL
    GROUP BY n.source_file
),
date_orders AS (
    SELECT
        source_file,
        CASE
            WHEN day_first_dates > 0 AND month_first_dates > 0 THEN NULL
            WHEN day_first_dates > 0 THEN true
            WHEN month_first_dates > 0 THEN false
            WHEN coalesce(day_first_in_named_month <> month_first_in_named_month, false)
                THEN day_first_in_named_month > month_first_in_named_month
            ELSE $day_first
        END AS day_first,
        CASE
            WHEN day_first_dates > 0 AND month_first_dates > 0 THEN format(
                'its dates are written both day first ({}) and month first ({}), so no one order reads them all: '
                'correct them so that one does', day_first_example, month_first_example)
        END AS date_order_problem,
        CASE
            WHEN day_first_dates > 0 AND month_first_dates > 0 THEN 'both: rejected'
            WHEN day_first_dates > 0 THEN 'day first: from its dates'
            WHEN month_first_dates > 0 THEN 'month first: from its dates'
            WHEN day_first_in_named_month > month_first_in_named_month THEN 'day first: from its name'
            WHEN month_first_in_named_month > day_first_in_named_month THEN 'month first: from its name'
            WHEN $day_first THEN 'day first: the day_first setting'
            ELSE 'month first: the day_first setting'
        END AS date_order
    FROM date_evidence
    LEFT JOIN named_month_fit USING (source_file)
),
-- each file's dates parsed once per distinct text, in the file's order, with their financial year
payment_dates AS (
    SELECT *, fiscal_year(payment_date) AS fiscal_year
    FROM (
        SELECT t.source_file, t.date_text, parse_date(t.date_text, coalesce(o.day_first, $day_first)) AS payment_date
        FROM date_texts AS t
        LEFT JOIN date_orders AS o USING (source_file)
        WHERE t.date_text <> ''
    )
),
-- A header naming one field twice (two columns called Amount) is read when the two columns agree on every row; when
-- they do not, which holds the field is unclear and the file is rejected whole.
duplicate_columns AS (
    SELECT
        source_file,
        string_agg(format(
            'its header names {} twice (columns {} and {}) and they differ on {} rows, first on line {}: which holds '
            'the {} is unclear; remove or rename one', header, first_col, other_col, rows_differing, first_line,
            replace(field, '_', ' ')
        ), '; ' ORDER BY first_col, other_col) AS duplicate_problem
    FROM (
        SELECT d.source_file, d.field, d.header, d.first_col, d.other_col, count(*) AS rows_differing,
            min(r.source_line) AS first_line
        FROM ledger_records AS r
        JOIN ledger_duplicate_columns AS d USING (source_file)
        JOIN ledger_layouts AS l USING (source_file)
        WHERE r.source_line > l.header_line
            AND coalesce(trim(r.fields[d.first_col]), '') <> coalesce(trim(r.fields[d.other_col]), '')
        GROUP BY ALL
    )
    GROUP BY source_file
),
parsed AS (
    SELECT
        *,
        -- nothing a council pays is this large: a card or account number in the amount column, or a misread
        CASE WHEN parsed_amount BETWEEN $min_payment AND $max_payment THEN parsed_amount END AS amount,
        -- the exact value of an amount that is not one to the penny, to say why (read for those rows alone)
        CASE WHEN parsed_amount IS NULL THEN amount_exact(amount_text) END AS exact_amount
    FROM (
        SELECT
            e.*,
            c.duplicate_problem,
            o.date_order,
            o.date_order_problem,
            d.payment_date,
            d.fiscal_year,
            parse_amount(e.amount_text) AS parsed_amount
        FROM extracted AS e
        LEFT JOIN date_orders AS o USING (source_file)
        LEFT JOIN payment_dates AS d USING (source_file, date_text)
        LEFT JOIN duplicate_columns AS c USING (source_file)
    )
),
-- A file whose columns are shifted (names where dates belong, text in amounts) is wrong as a whole: when too few
-- of the non-empty values of a required column parse, every row of the file is rejected. Empty values are a
-- row-level matter and do not count, nor do repeated header rows; a file with fewer than $min_values_to_judge
-- values in a column is not judged on it (rate NULL). The thresholds come from expectations/ledger_files.json.
-- (An aggregate joined back, not a window: a window over one large file's rows runs on one core.)
rates AS (
    SELECT
        source_file,
        CASE WHEN count(date_text) FILTER (WHERE NOT repeats_header) >= $min_values_to_judge
            THEN count(payment_date) FILTER (WHERE NOT repeats_header)
                / count(date_text) FILTER (WHERE NOT repeats_header)
        END AS date_parse_rate,
        CASE WHEN count(amount_text) FILTER (WHERE NOT repeats_header) >= $min_values_to_judge
            THEN count(amount) FILTER (WHERE NOT repeats_header)
                / count(amount_text) FILTER (WHERE NOT repeats_header)
        END AS amount_parse_rate
    FROM parsed
    GROUP BY source_file
),
rated AS (
    SELECT * FROM parsed JOIN rates USING (source_file)
),
judged AS (
    SELECT
        *,
        CASE
            WHEN problem IS NOT NULL THEN problem
            WHEN repeats_header THEN format('a repeat of the header row (line {})', header_line)
            WHEN date_order_problem IS NOT NULL THEN 'file rejected whole: ' || date_order_problem
            WHEN duplicate_problem IS NOT NULL THEN 'file rejected whole: ' || duplicate_problem
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
            WHEN quote_problem IS NOT NULL THEN quote_problem
        ELSE nullif(concat_ws('; ',
            CASE WHEN has_extra_values THEN format(
                'row has {} fields but the header has {}, and the extra fields are not empty', n_fields, header_fields
            ) END,
            CASE WHEN date_text IS NULL THEN 'date is empty'
                 WHEN payment_date IS NULL THEN format('date ''{}'' does not parse', date_text) END,
            CASE WHEN amount_text IS NULL THEN 'amount is empty'
                 WHEN amount IS NULL AND (parsed_amount IS NOT NULL
                     OR exact_amount NOT BETWEEN $min_payment AND $max_payment) THEN format(
                     'amount ''{}'' is beyond any plausible payment (£{:,} to £{:,}, '
                     'expectations/ledger_transactions.json): a card or account number in the amount column?',
                     amount_text, $min_payment, $max_payment)
                 WHEN amount IS NULL AND exact_amount IS NOT NULL
                     THEN format('amount ''{}'' has a fraction of a penny', amount_text)
                 WHEN amount IS NULL THEN format('amount ''{}'' does not parse', amount_text) END
        ), '') END AS reason
    FROM rated
)
SELECT
    source_file,
    source_line,
    last_line,
    -- the row as written, for the quarantine: kept only where the file itself gives a reason (the text of most rows,
    -- which load, is half the table); ledger.py reads a copy's text again from its file
    CASE WHEN reason IS NOT NULL THEN record END AS record,
    payment_date,
    fiscal_year,
    amount,
    amount_text,
    supplier_name,
    supplier_id,
    transaction_number,
    department,
    expense_type,
    category,
    company_number,
    charity_number,
    date_parse_rate,
    amount_parse_rate,
    date_order,
    reason
FROM judged
