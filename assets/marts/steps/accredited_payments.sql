-- Every payment on each base with the accredited Living Wage employer its payee matches (accredited_payees; NULL:
-- none) and whether it was made on or after that employer's accreditation: what both Living Wage marts sum, so
-- that payments are joined to payees once. Empty when the analysis names no accredited employers' file.
SELECT
    p.fiscal_year,
    p.base,
    p.base_definition,
    p.amount,
    p.ring,
    p.supplier_name,
    a.employer_line,
    a.match_method,
    coalesce(p.payment_date >= a.accredited_on, false) AS accredited
FROM payments_by_base AS p
LEFT JOIN accredited_payees AS a
    ON a.supplier_name IS NOT DISTINCT FROM p.supplier_name
    AND a.company_number IS NOT DISTINCT FROM p.company_number
    AND a.party_id IS NOT DISTINCT FROM p.party_id
WHERE $configured
