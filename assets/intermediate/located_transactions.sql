-- One row per loaded ledger row, linked to its party (supplier_matches decides how) and placed in a ring twice:
-- ring under "based or branched" (a declared local site counts), office_ring by the office alone. Where no party
-- places it, location_method says why (the link's reason, e.g. redacted or unmatched, or the party's, e.g.
-- no_postcode): every pound of unknown spend carries its reason. Payees whose names look like private
-- individuals are flagged (payee_looks_personal) for review before anything is published. Names and company
-- numbers are normalised once per distinct value, not once per payment (half the time at 10 million payments).
-- The rows located are ledger_transactions_to_locate: all of ledger_transactions, or after a change only the files
-- whose rows changed; payee_places holds each payee's link and place.
WITH names AS (
    SELECT
        supplier_name,
        normalise_name(supplier_name) AS name_key,
        is_redacted(supplier_name, $redaction_markers) AS redacted,
        coalesce(looks_like_individual(supplier_name), false) AS looks_personal
    FROM (SELECT DISTINCT supplier_name FROM ledger_transactions_to_locate)
),
company_numbers AS (
    SELECT company_number, normalise_company_number(company_number) AS company_number_key
    FROM (SELECT DISTINCT company_number FROM ledger_transactions_to_locate WHERE company_number IS NOT NULL)
),
ledger AS (
    SELECT
        t.*,
        n.name_key,
        n.redacted,
        n.looks_personal,
        c.company_number_key
    FROM ledger_transactions_to_locate AS t
    LEFT JOIN names AS n ON n.supplier_name IS NOT DISTINCT FROM t.supplier_name
    LEFT JOIN company_numbers AS c USING (company_number)
)
SELECT
    l.source_file,
    l.source_line,
    l.payment_date,
    l.fiscal_year,
    l.amount,
    l.supplier_name,
    l.supplier_id,
    l.company_number,
    l.department,
    l.expense_type,
    NOT l.redacted AND l.looks_personal AS payee_looks_personal,
    p.party_id,
    p.supplier_key,
    p.link_method,
    p.match_score,
    p.lad_code,
    p.lad_name,
    coalesce(p.ring, 'unknown') AS ring,
    coalesce(p.method, p.link_method) AS location_method,
    coalesce(p.office_ring, 'unknown') AS office_ring,
    coalesce(p.office_method, p.link_method) AS office_location_method,
    p.sic_section,
    p.size_band
FROM ledger AS l
JOIN payee_places AS p
    ON p.supplier_id IS NOT DISTINCT FROM l.supplier_id
    AND p.name_key IS NOT DISTINCT FROM l.name_key
    AND p.company_number_key IS NOT DISTINCT FROM l.company_number_key
    AND p.redacted = l.redacted
