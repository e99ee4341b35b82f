-- The parsed ledger rows another file makes copies, with the reason: every other row keeps the reason its own file
-- gives (NULL: it loads), so only these few rows need judging across files. A file with the same content as another
-- (ledger_files.content_key: the same payments, or the same bytes; any name, any format) loads once, from the first
-- by name: all rows of the others are copies, whatever their own reason. A
-- payment published in two files (the same transaction number, date, supplier and amount, in different files)
-- counts once, where it appears first by file and line; lines of one transaction within a file (split lines, or
-- equal lines) are all kept: they are real.
WITH files AS (
    SELECT source_file, min(source_file) OVER (PARTITION BY content_key) AS first_file
    FROM ledger_files
),
file_copies AS (
    SELECT
        r.source_file,
        r.source_line,
        format('file has the same content as {}, which is loaded; this copy is not', f.first_file) AS reason
    FROM ledger_rows_to_judge AS r
    JOIN files AS f USING (source_file)
    WHERE f.first_file <> f.source_file
),
-- only rows that would load and carry a transaction number can be copies of a payment; their supplier names are
-- normalised once per distinct name
candidates AS (
    SELECT r.source_file, r.source_line, r.transaction_number, r.payment_date, r.supplier_name, r.amount
    FROM ledger_rows_to_judge AS r
    JOIN files AS f USING (source_file)
    WHERE f.first_file = f.source_file AND r.reason IS NULL AND r.transaction_number IS NOT NULL
),
name_keys AS (
    SELECT supplier_name, normalise_name(supplier_name) AS name_key
    FROM (SELECT DISTINCT supplier_name FROM candidates WHERE supplier_name IS NOT NULL)
),
payment_copies AS (
    SELECT
        source_file,
        source_line,
        format(
            'the same payment as {} line {} (transaction number, date, supplier and amount): counted there',
            first_file, first_line
        ) AS reason
    FROM (
        SELECT
            c.source_file,
            c.source_line,
            first_value(c.source_file) OVER same_payment AS first_file,
            first_value(c.source_line) OVER same_payment AS first_line
        FROM candidates AS c
        LEFT JOIN name_keys AS n USING (supplier_name)
        WINDOW same_payment AS (
            PARTITION BY c.transaction_number, c.payment_date, n.name_key, c.amount
            ORDER BY c.source_file, c.source_line
        )
    )
    WHERE first_file <> source_file
)
SELECT * FROM file_copies
UNION ALL
SELECT * FROM payment_copies
