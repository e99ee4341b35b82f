-- Every payee (supplier_matches' key: supplier id, name key, company number key, redacted) with what
-- located_transactions takes for its payments from the supplier side: its link and its party's place. The one
-- definition of that, so that comparing it with the last run's copy tells exactly whose payments to locate again.
SELECT
    m.supplier_id,
    m.name_key,
    m.company_number_key,
    m.redacted,
    m.party_id,
    m.supplier_key,
    m.link_method,
    m.match_score,
    s.lad_code,
    s.lad_name,
    s.ring,
    s.method,
    s.office_ring,
    s.office_method,
    s.sic_section,
    s.size_band
FROM supplier_matches AS m
LEFT JOIN supplier_locations AS s USING (party_id)
