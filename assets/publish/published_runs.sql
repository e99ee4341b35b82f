-- One row per run that published: when, and what the ledger held then. Appended by the run's last step, in the
-- same transaction as every table it built, so each row names a state of the warehouse analysts saw.
SELECT
    $run_id AS run_id,
    CAST($published_at AS TIMESTAMPTZ) AS published_at,
    (SELECT count(*) FROM ledger_files) AS ledger_files,
    (SELECT count(*) FROM ledger_transactions) AS loaded_rows,
    (SELECT CAST(coalesce(sum(amount), 0) AS DECIMAL(38, 2)) FROM ledger_transactions) AS loaded_amount,
    (SELECT count(*) FROM ledger_quarantine) AS quarantined_rows,
    (SELECT CAST(coalesce(sum(amount), 0) AS DECIMAL(38, 2)) FROM ledger_quarantine) AS quarantined_amount
