-- The top suppliers of each financial year and base by spend (CLES's sample: the top 300, `top_suppliers` in the
-- analysis), grouped by the supplier a payment is linked to (located_transactions.supplier_group: its party, else
-- the payee's normalised name). Redacted payments are to people, not suppliers, and are not ranked. A supplier's
-- name is its supplier-file or register name, else the name the ledger writes on its largest payment; its place,
-- type and sector are those of its largest payment that gives one (the same for all of a party's payments but its
-- type, which the ledger's own evidence may change row by row). Ties in spend rank by supplier_group.
WITH payments AS (
    SELECT * FROM payments_by_base WHERE supplier_group <> 'redacted'
),
ranked AS (
    SELECT
        fiscal_year,
        base,
        supplier_group,
        sum(amount) AS spend,
        count(*) AS payments,
        row_number() OVER (PARTITION BY fiscal_year, base ORDER BY sum(amount) DESC, supplier_group) AS rank
    FROM payments
    GROUP BY fiscal_year, base, supplier_group
    QUALIFY rank <= $top_n
),
-- what each ranked supplier is, from its payments alone (the ranking reads every payment once, this only the top's)
described AS (
    SELECT
        fiscal_year,
        base,
        supplier_group,
        arg_max(supplier_name, largest_first) AS ledger_name,
        arg_max(party_id, largest_first) AS party_id,
        arg_max(ring, largest_first) AS ring,
        arg_max(office_ring, largest_first) AS office_ring,
        arg_max(location_method, largest_first) AS location_method,
        arg_max(supplier_type, largest_first) AS supplier_type,
        arg_max(sic_section, largest_first) AS sic_section,
        arg_max(size_band, largest_first) AS size_band
    FROM (
        SELECT p.*, {'amount': abs(p.amount), 'file': p.source_file, 'line': p.source_line} AS largest_first
        FROM payments AS p
        SEMI JOIN ranked AS r USING (fiscal_year, base, supplier_group)
    )
    GROUP BY fiscal_year, base, supplier_group
)
SELECT
    r.fiscal_year,
    r.base,
    r.rank,
    r.supplier_group,
    coalesce(l.supplier_name, d.ledger_name) AS supplier_name,
    d.party_id,
    CAST(r.spend AS DECIMAL(18, 2)) AS spend,
    r.payments,
    share_of(r.spend, y.total_spend) AS share_of_base,
    d.ring,
    d.office_ring,
    d.location_method,
    d.supplier_type,
    d.sic_section,
    d.size_band,
    m.months
FROM ranked AS r
JOIN described AS d USING (fiscal_year, base, supplier_group)
JOIN ledger_months AS m USING (fiscal_year)
JOIN (SELECT fiscal_year, base, sum(amount) AS total_spend FROM payments_by_base GROUP BY ALL) AS y
    USING (fiscal_year, base)
LEFT JOIN supplier_locations AS l ON l.party_id = d.party_id
ORDER BY r.fiscal_year, r.base, r.rank
