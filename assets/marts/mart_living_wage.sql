-- Per financial year and base: the spend with employers the Living Wage Foundation accredited, counted from the day
-- each was accredited (a payment before it is not), its share of the base's spend, the same by ring (based or
-- branched, adding up to it), and how many accredited employers were paid. Payees are matched to employers in
-- accredited_payees (accredited_payments joins them to payments). No rows when the analysis names no accredited
-- employers' file.
SELECT
    fiscal_year,
    base,
    count(*) AS payments,
    CAST(sum(amount) AS DECIMAL(18, 2)) AS total_spend,
    count(*) FILTER (WHERE accredited) AS accredited_payments,
    CAST(coalesce(sum(amount) FILTER (WHERE accredited), 0) AS DECIMAL(18, 2)) AS accredited_spend,
    share_of(coalesce(sum(amount) FILTER (WHERE accredited), 0), sum(amount)) AS accredited_share,
    spend_in(amount, CASE WHEN accredited THEN ring END, 'home') AS accredited_home_spend,
    spend_in(amount, CASE WHEN accredited THEN ring END, 'region') AS accredited_region_spend,
    spend_in(amount, CASE WHEN accredited THEN ring END, 'elsewhere') AS accredited_elsewhere_spend,
    spend_in(amount, CASE WHEN accredited THEN ring END, 'unknown') AS accredited_unknown_spend,
    count(DISTINCT employer_line) FILTER (WHERE accredited) AS accredited_employers_paid,
    any_value(base_definition) AS base_definition
FROM accredited_payments
GROUP BY fiscal_year, base
ORDER BY fiscal_year, base
