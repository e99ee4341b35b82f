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
payments AS (
    SELECT
        *,
        first_value(source_file) OVER same_payment AS first_file,
        first_value(source_line) OVER same_payment AS first_line
    FROM own
    WINDOW same_payment AS (
        PARTITION BY file_reason IS NULL, transaction_number, payment_date, normalise_name(supplier_name), amount
        ORDER BY source_file, source_line
    )
)
SELECT
    * EXCLUDE (reason, file_reason, first_file, first_line),
    CASE
        WHEN file_reason IS NULL AND transaction_number IS NOT NULL AND first_file <> source_file THEN format(
            'the same payment as {} line {} (transaction number, date, supplier and amount): counted there',
            first_file, first_line
        )
        ELSE file_reason
    END AS reason
FROM payments
