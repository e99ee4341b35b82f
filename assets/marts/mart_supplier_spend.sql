-- Every supplier paid in each financial year and base, ranked by spend: grouped by the supplier a payment is linked
-- to (located_transactions.supplier_group: its party, else the payee's normalised name). Redacted payments are to
-- people, not suppliers, and are left out. A supplier's name is its supplier-file or register name, else the name
-- the ledger writes on its largest payment; its company number is its party's, else the one the ledger writes on
-- its largest payment that gives one; name_key is that name normalised (what another council's ledger would be
-- matched by); its place, type and sector are those of its largest payment that gives one (the same for all of a
-- party's payments but its type, which the ledger's own evidence may change row by row). Ties in spend rank by
-- supplier_group. mart_top_suppliers is its first `top_suppliers` ranks.
WITH payments AS (
    SELECT p.*, {'amount': abs(p.amount), 'file': p.source_file, 'line': p.source_line} AS largest_first
    FROM payments_by_base AS p
    WHERE supplier_group <> 'redacted'
),
suppliers AS (
    SELECT
        fiscal_year,
        base,
        supplier_group,
        sum(amount) AS spend,
        count(*) AS payments,
        row_number() OVER (PARTITION BY fiscal_year, base ORDER BY sum(amount) DESC, supplier_group) AS rank,
        arg_max(supplier_name, largest_first) AS ledger_name,
        arg_max(normalise_company_number(company_number), largest_first)
            FILTER (WHERE normalise_company_number(company_number) IS NOT NULL) AS ledger_company_number,
        arg_max(party_id, largest_first) AS party_id,
        arg_max(lad_code, largest_first) AS lad_code,
        arg_max(ring, largest_first) AS ring,
        arg_max(office_ring, largest_first) AS office_ring,
        arg_max(location_method, largest_first) AS location_method,
        arg_max(supplier_type, largest_first) AS supplier_type,
        arg_max(sic_section, largest_first) AS sic_section,
        arg_max(size_band, largest_first) AS size_band
    FROM payments
    GROUP BY fiscal_year, base, supplier_group
)
SELECT
    s.fiscal_year,
    s.base,
    s.rank,
    s.supplier_group,
    coalesce(l.supplier_name, s.ledger_name) AS supplier_name,
    s.party_id,
    coalesce(l.company_number, s.ledger_company_number) AS company_number,
    normalise_name(coalesce(l.supplier_name, s.ledger_name)) AS name_key,
    CAST(s.spend AS DECIMAL(18, 2)) AS spend,
    s.payments,
    share_of(s.spend, y.total_spend) AS share_of_base,
    s.lad_code,
    s.ring,
    s.office_ring,
    s.location_method,
    s.supplier_type,
    s.sic_section,
    s.size_band,
    m.months
FROM suppliers AS s
JOIN ledger_months AS m USING (fiscal_year)
JOIN (SELECT fiscal_year, base, sum(amount) AS total_spend FROM payments_by_base GROUP BY ALL) AS y
    USING (fiscal_year, base)
LEFT JOIN supplier_locations AS l ON l.party_id = s.party_id
ORDER BY s.fiscal_year, s.base, s.rank
