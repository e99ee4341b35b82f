-- How many calendar months of each financial year the ledger has payments in: a year with fewer than twelve is
-- partial (the current year, or a gap in what was published), said in every mart that has a year.
SELECT fiscal_year, count(DISTINCT date_trunc('month', payment_date)) AS months
FROM located_transactions
GROUP BY fiscal_year
