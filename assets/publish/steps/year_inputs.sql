-- What lies behind each closed year's figures as this run sees it, one row per input: each ledger file with
-- payments in the year (its content's fingerprint, payments and money in the year), each supplier paid in the year
-- (its places both ways, type, exclusion, payments and money), and the analysis's settings and reference files
-- (analysis_inputs: a fingerprint of the settings, each file's size and time). Compared with what was frozen, it
-- says why a figure would move.
SELECT
    t.fiscal_year,
    'ledger file' AS input,
    t.source_file AS name,
    format('sha256 {}, {} payments, £{}', left(any_value(f.sha256), 12), count(*), CAST(sum(t.amount) AS VARCHAR))
        AS state
FROM ledger_transactions AS t
JOIN closed_years USING (fiscal_year)
LEFT JOIN ledger_files AS f USING (source_file)
GROUP BY t.fiscal_year, t.source_file
UNION ALL
SELECT
    fiscal_year,
    'supplier',
    supplier_group,
    format(
        '{}: {} (office {}), {}{}, {} payments, £{}',
        min(supplier_name),
        string_agg(DISTINCT ring, '/' ORDER BY ring),
        string_agg(DISTINCT office_ring, '/' ORDER BY office_ring),
        string_agg(DISTINCT supplier_type, '/' ORDER BY supplier_type),
        coalesce(', excluded: ' || string_agg(DISTINCT influenceable_exclusion, '/' ORDER BY influenceable_exclusion),
            ''),
        count(*),
        CAST(sum(amount) AS VARCHAR)
    )
FROM located_transactions
JOIN closed_years USING (fiscal_year)
GROUP BY fiscal_year, supplier_group
UNION ALL
SELECT y.fiscal_year, i.input, i.name, i.state
FROM closed_years AS y, analysis_inputs AS i
