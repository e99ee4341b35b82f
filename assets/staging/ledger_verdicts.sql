-- Every parsed ledger row with its final verdict: the reason from its own file, unless another file makes it a
-- copy. A file with the same bytes as another (any name) loads once, from the first by name. A payment published
-- in two files (the same transaction number, date, supplier and amount, in different files) counts once, where it
-- appears first by file and line; lines of one transaction within a file (split lines, or equal lines) are all
-- kept: they are real.
WITH first_with_content AS (
    SELECT sha256, min(source_file) AS first_file FROM ledger_files GROUP BY sha256
),
files AS (
    SELECT f.source_file, f.sha256, c.first_file
    FROM ledger_files AS f
    JOIN first_with_content AS c USING (sha256)
),
own AS (
    SELECT
        r.*,
        CASE WHEN f.first_file <> r.source_file THEN format(
            'file has the same content as {} (sha256 {}), which is loaded; this copy is not',
            f.first_file, f.sha256[:12]
        ) ELSE r.reason END AS file_reason
    FROM ledger_rows AS r
    JOIN files AS f USING (source_file)
),
-- only rows that would load and carry a transaction number can be copies; their supplier names are normalised
-- once per distinct name
candidates AS (
    SELECT source_file, source_line, transaction_number, payment_date, supplier_name, amount
    FROM own
    WHERE file_reason IS NULL AND transaction_number IS NOT NULL
),
name_keys AS (
    SELECT supplier_name, normalise_name(supplier_name) AS name_key
    FROM (SELECT DISTINCT supplier_name FROM candidates WHERE supplier_name IS NOT NULL)
),
copies AS (
    SELECT source_file, source_line, first_file, first_line
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
SELECT
    own.* EXCLUDE (reason, file_reason),
    CASE
        WHEN c.first_file IS NOT NULL THEN format(
            'the same payment as {} line {} (transaction number, date, supplier and amount): counted there',
            c.first_file, c.first_line
        )
        ELSE own.file_reason
    END AS reason
FROM own
LEFT JOIN copies AS c USING (source_file, source_line)
