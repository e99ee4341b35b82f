-- One row per accredited Living Wage employer of the analysis's file: how payees were matched to it (match_method
-- NULL: no payee of the ledger matches it, listed so that a name can be corrected), the ledger's names for it (the
-- first five), and the payments and spend since its accreditation, on the all base.
WITH paid AS (
    SELECT
        employer_line,
        any_value(match_method) AS match_method,
        list(DISTINCT supplier_name ORDER BY supplier_name)[1:5] AS ledger_names,
        count(*) FILTER (WHERE accredited) AS payments_since_accredited,
        CAST(coalesce(sum(amount) FILTER (WHERE accredited), 0) AS DECIMAL(18, 2)) AS spend_since_accredited
    FROM accredited_payments
    WHERE base = 'all' AND employer_line IS NOT NULL
    GROUP BY employer_line
)
SELECT
    e.source_file,
    e.source_line,
    e.employer_name,
    e.company_number,
    e.accredited_on,
    p.match_method,
    coalesce(p.ledger_names, []) AS ledger_names,
    coalesce(p.payments_since_accredited, 0) AS payments_since_accredited,
    coalesce(p.spend_since_accredited, 0) AS spend_since_accredited
FROM living_wage_employers AS e
LEFT JOIN paid AS p ON p.employer_line = e.source_line
ORDER BY e.source_line
