-- One row per loaded ledger row, linked to its party (supplier_matches decides how) and placed in a ring twice:
-- ring under "based or branched" (a declared local site counts), office_ring by the office alone. Where no party
-- places it, location_method says why (the link's reason, e.g. redacted or unmatched, or the party's, e.g.
-- no_postcode): every pound of unknown spend carries its reason. Payees whose names look like private
-- individuals are flagged (payee_looks_personal) for review before anything is published. Names and company
-- numbers are normalised once per distinct value, not once per payment (half the time at 10 million payments).
-- The rows located are ledger_transactions_to_locate: all of ledger_transactions, or after a change only the files
-- whose rows changed; payee_places holds each payee's link, place and the evidence of its party's type.
--
-- Each payment's supplier type is the first that applies, and supplier_type_evidence says what decided it: the
-- type the supplier file declares; individual (a redacted payee, or a name that looks like a person's);
-- public_body (a public-body pattern of supplier_type_patterns matches the ledger's name or the party's name or
-- Companies House category); vcse (a charity number in the ledger or the supplier file, a VCSE Companies House
-- category, a VCSE name pattern such as CIC); sme or large (the size band of the supplier file or of Companies
-- House's accounts category); else unknown.
-- supplier_group is whom a payment counts for when suppliers are ranked: the party it is linked to, else its
-- payee's normalised name ('name:...'), all redacted payees together ('redacted').
-- influenceable_exclusion names the first rule of the analysis's `influenceable.exclude` the payment matches
-- (NULL: it is in the influenceable base). The rules' tests and the name patterns (the placeholders in braces) are
-- written into the query by located_transactions.py.
WITH names AS (
    SELECT
        supplier_name,
        normalise_name(supplier_name) AS name_key,
        is_redacted(supplier_name, $redaction_markers) AS redacted,
        coalesce(looks_like_individual(supplier_name), false) AS looks_personal,
        {public_body_by_name} AS public_body_pattern,
        {vcse_by_name} AS vcse_pattern
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
        n.public_body_pattern,
        n.vcse_pattern,
        c.company_number_key
    FROM ledger_transactions_to_locate AS t
    LEFT JOIN names AS n ON n.supplier_name IS NOT DISTINCT FROM t.supplier_name
    LEFT JOIN company_numbers AS c USING (company_number)
),
typed AS (
    SELECT
        l.*,
        p.party_id,
        p.supplier_key,
        p.link_method,
        p.match_score,
        p.lad_code,
        p.lad_name,
        p.ring,
        p.method,
        p.office_ring,
        p.office_method,
        p.sic_section,
        p.size_band,
        CASE
            WHEN p.declared_type IS NOT NULL THEN {'type': p.declared_type, 'evidence': 'supplier file supplier_type'}
            WHEN l.redacted THEN {'type': 'individual', 'evidence': 'redacted payee'}
            WHEN l.looks_personal THEN {'type': 'individual', 'evidence': 'payee name looks like a person''s'}
            WHEN l.public_body_pattern IS NOT NULL THEN {
                'type': 'public_body', 'evidence': 'ledger name pattern: ' || l.public_body_pattern
            }
            WHEN p.public_body_evidence IS NOT NULL THEN {'type': 'public_body', 'evidence': p.public_body_evidence}
            WHEN is_charity_number(l.charity_number) THEN {
                'type': 'vcse', 'evidence': 'charity number ' || l.charity_number || ' in the ledger'
            }
            WHEN p.vcse_evidence IS NOT NULL THEN {'type': 'vcse', 'evidence': p.vcse_evidence}
            WHEN l.vcse_pattern IS NOT NULL THEN {
                'type': 'vcse', 'evidence': 'ledger name pattern: ' || l.vcse_pattern
            }
            WHEN p.size_band IN ('micro', 'small', 'medium', 'sme') THEN {'type': 'sme', 'evidence': p.size_evidence}
            WHEN p.size_band = 'large' THEN {'type': 'large', 'evidence': p.size_evidence}
            ELSE {'type': 'unknown', 'evidence': 'no evidence of type'}
        END AS supplier_type_decided
    FROM ledger AS l
    JOIN payee_places AS p
        ON p.supplier_id IS NOT DISTINCT FROM l.supplier_id
        AND p.name_key IS NOT DISTINCT FROM l.name_key
        AND p.company_number_key IS NOT DISTINCT FROM l.company_number_key
        AND p.redacted = l.redacted
),
located AS (
    SELECT
        source_file,
        source_line,
        payment_date,
        fiscal_year,
        amount,
        supplier_name,
        supplier_id,
        company_number,
        charity_number,
        department,
        expense_type,
        category,
        NOT redacted AND looks_personal AS payee_looks_personal,
        party_id,
        supplier_key,
        link_method,
        match_score,
        lad_code,
        lad_name,
        coalesce(ring, 'unknown') AS ring,
        coalesce(method, link_method) AS location_method,
        coalesce(office_ring, 'unknown') AS office_ring,
        coalesce(office_method, link_method) AS office_location_method,
        sic_section,
        size_band,
        -- whom the payment is to, for ranking suppliers: its party, else its payee's normalised name
        coalesce(party_id, CASE WHEN redacted THEN 'redacted' ELSE 'name:' || coalesce(name_key, '') END)
            AS supplier_group,
        supplier_type_decided.type AS supplier_type,
        supplier_type_decided.evidence AS supplier_type_evidence
    FROM typed
)
SELECT *, {influenceable_exclusion} AS influenceable_exclusion
FROM located
