-- One row per loaded ledger row: the payment, where it came from, and its financial year. A row loads when its own
-- file gives no reason not to (ledger_rows.reason) and no other file makes it a copy (ledger_copies).
SELECT
    r.source_file,
    r.source_line,
    r.last_line,
    r.payment_date,
    r.fiscal_year,
    r.amount,
    r.supplier_name,
    r.supplier_id,
    r.transaction_number,
    r.department,
    r.expense_type,
    r.category,
    r.company_number,
    r.charity_number,
    r.amount_text
FROM ledger_rows_to_judge AS r
ANTI JOIN ledger_copies AS c USING (source_file, source_line)
WHERE r.reason IS NULL
