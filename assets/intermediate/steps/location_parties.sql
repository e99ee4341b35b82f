-- Every party to place (party_kind): each supplier of the supplier file (S<line>), each company of the Companies
-- House register a payee is linked to directly (C<number>), each supplier invited to a written quotation (Q<line of
-- the quotations file>) and each subcontractor a supplier declares (K<line of the subcontracts file>). A supplier,
-- invitee or subcontractor is joined to the register by its company number, else by a name exactly one company has;
-- the register gives the registered office postcode, status, category, SIC section and size band. The supplier file
-- may declare a supplier's type, size, sector (SIC) and charity number; its size and sector win over the register's.
-- An invitee or subcontractor without a postcode of its own takes the postcode, local site and coordinates of the
-- one supplier of the supplier file with its company number, else its name.
WITH company_names AS (
    SELECT name_key, min(company_number) AS company_number
    FROM companies WHERE name_key IS NOT NULL GROUP BY name_key HAVING count(*) = 1
),
supplier_parties AS (
    SELECT
        'S' || s.supplier_key AS party_id,
        'supplier' AS party_kind,
        s.supplier_key,
        coalesce(s.company_number_key, n.company_number) AS company_number,
        s.supplier_id,
        s.supplier_name,
        s.country,
        s.postcode,
        s.postcode_key,
        s.local_site_postcode,
        s.local_site_postcode_key,
        s.easting,
        s.northing,
        s.latitude,
        s.longitude,
        s.supplier_type AS declared_type,
        s.size_band AS declared_size_band,
        s.sic_section AS declared_sic_section,
        s.charity_number
    FROM suppliers AS s
    LEFT JOIN company_names AS n ON s.company_number_key IS NULL AND n.name_key = s.name_key
),
company_parties AS (
    SELECT DISTINCT 'C' || company_number AS party_id, 'company' AS party_kind, company_number
    FROM supplier_matches
    WHERE supplier_key IS NULL AND company_number IS NOT NULL
),
-- the parties other registers name: suppliers invited to quote, subcontractors the suppliers declare
named AS (
    SELECT 'Q' || source_line AS party_id, 'invitee' AS party_kind, supplier_name, postcode, postcode_key, name_key,
        company_number_key
    FROM quotations
    UNION ALL
    SELECT 'K' || source_line, 'subcontractor', subcontractor_name, postcode, postcode_key, name_key,
        company_number_key
    FROM subcontracts
),
-- the supplier of the supplier file a named party is: the one with its company number, else the one with its name
named_suppliers AS (
    SELECT r.party_id, any_value(s.supplier_key) AS supplier_key
    FROM named AS r
    JOIN suppliers AS s ON s.company_number_key = r.company_number_key
        OR (r.company_number_key IS NULL AND s.name_key = r.name_key)
    GROUP BY r.party_id
    HAVING count(*) = 1
),
named_parties AS (
    SELECT
        r.party_id,
        r.party_kind,
        coalesce(r.company_number_key, s.company_number_key, n.company_number) AS company_number,
        r.supplier_name,
        coalesce(r.postcode, s.postcode) AS postcode,
        coalesce(r.postcode_key, s.postcode_key) AS postcode_key,
        CASE WHEN r.postcode_key IS NULL THEN s.local_site_postcode END AS local_site_postcode,
        CASE WHEN r.postcode_key IS NULL THEN s.local_site_postcode_key END AS local_site_postcode_key,
        CASE WHEN r.postcode_key IS NULL THEN s.easting END AS easting,
        CASE WHEN r.postcode_key IS NULL THEN s.northing END AS northing,
        CASE WHEN r.postcode_key IS NULL THEN s.latitude END AS latitude,
        CASE WHEN r.postcode_key IS NULL THEN s.longitude END AS longitude
    FROM named AS r
    LEFT JOIN named_suppliers AS i USING (party_id)
    LEFT JOIN suppliers AS s ON s.supplier_key = i.supplier_key
    LEFT JOIN company_names AS n ON r.company_number_key IS NULL AND n.name_key = r.name_key
),
parties AS (
    SELECT * FROM supplier_parties
    UNION ALL BY NAME
    SELECT p.*, c.company_name AS supplier_name FROM company_parties AS p JOIN companies AS c USING (company_number)
    UNION ALL BY NAME
    SELECT * FROM named_parties
)
SELECT
    p.*,
    c.company_number IS NOT NULL AS in_companies_house,
    c.postcode AS company_postcode,
    c.postcode_key AS company_postcode_key,
    c.country AS company_country,
    c.company_status,
    c.company_category,
    coalesce(p.declared_sic_section, c.sic_section) AS sic_section,
    c.size_band AS company_size_band
FROM parties AS p
LEFT JOIN companies AS c USING (company_number)
