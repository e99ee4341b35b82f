-- One row per financial year, base and district a payment's supplier is placed in ("based or branched", as the
-- rings are), with the district's name and ring: what the map draws. Payments placed in no district are one row per
-- ring with no lad_code (unknown, or elsewhere for a supplier abroad), so that each year adds up to its total on the
-- base. suppliers counts them as the coverage does (located_transactions.supplier_group: a payee linked to nothing
-- by its name); share_of_base: the district's part of the year's spend on the base.
SELECT
    fiscal_year,
    base,
    lad_code,
    any_value(lad_name) AS lad_name,
    ring,
    count(*) AS payments,
    count(DISTINCT supplier_group) AS suppliers,
    CAST(sum(amount) AS DECIMAL(18, 2)) AS spend,
    share_of(sum(amount), sum(sum(amount)) OVER (PARTITION BY fiscal_year, base)) AS share_of_base,
    any_value(m.months) AS months
FROM payments_by_base
JOIN ledger_months AS m USING (fiscal_year)
GROUP BY fiscal_year, base, lad_code, ring
ORDER BY fiscal_year, base, spend DESC, lad_code
