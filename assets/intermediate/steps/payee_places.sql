-- Every payee (supplier_matches' key: supplier id, name key, company number key, redacted) with what
-- located_transactions takes for its payments from the supplier side: its link, its party's place and the evidence
-- of its party's type. The one definition of that, so that comparing it with the last run's copy tells exactly
-- whose payments to locate again.
-- A payee whose name several suppliers share (ambiguous_name) is linked to none of them, but when all of them lie
-- in one ring its ring is known though its supplier is not (method ambiguous_name_one_ring); each view
-- (based-or-branched, office) is judged on its own. Otherwise it stays unknown.
WITH shared_names AS (
    SELECT
        s.name_key,
        CASE WHEN count(DISTINCT l.ring) = 1 AND any_value(l.ring) <> 'unknown' THEN any_value(l.ring) END AS ring,
        CASE WHEN count(DISTINCT l.office_ring) = 1 AND any_value(l.office_ring) <> 'unknown'
            THEN any_value(l.office_ring) END AS office_ring
    FROM suppliers AS s
    JOIN supplier_locations AS l ON l.party_id = 'S' || s.supplier_key
    GROUP BY s.name_key
    HAVING count(*) > 1
)
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
    coalesce(s.ring, n.ring) AS ring,
    CASE WHEN s.ring IS NULL AND n.ring IS NOT NULL THEN 'ambiguous_name_one_ring' ELSE s.method END AS method,
    coalesce(s.office_ring, n.office_ring) AS office_ring,
    CASE WHEN s.office_ring IS NULL AND n.office_ring IS NOT NULL THEN 'ambiguous_name_one_ring'
        ELSE s.office_method END AS office_method,
    s.sic_section,
    s.size_band,
    s.declared_type,
    s.public_body_evidence,
    s.vcse_evidence,
    s.size_evidence
FROM supplier_matches AS m
LEFT JOIN supplier_locations AS s USING (party_id)
LEFT JOIN shared_names AS n ON m.link_method = 'ambiguous_name' AND n.name_key = m.name_key
