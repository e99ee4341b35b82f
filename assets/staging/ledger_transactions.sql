-- One row per loaded ledger row: the payment, where it came from, and its financial year.
SELECT
    source_file,
    source_line,
    last_line,
    payment_date,
    fiscal_year,
    amount,
    supplier_name,
    supplier_id,
    transaction_number,
    department,
    expense_type,
    company_number,
    amount_text
FROM ledger_verdicts
WHERE reason IS NULL
ORDER BY source_file, source_line
