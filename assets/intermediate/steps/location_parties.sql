-- Every party a payment can be placed by: each supplier of the supplier file (S<line>), and each company of the
-- Companies House register a payee is linked to directly (C<number>). A supplier is joined to the register by its
-- company number, else by a name exactly one company has; the register gives the registered office postcode,
-- status, category, SIC section and size band. The supplier file may declare a supplier's type, size, sector (SIC)
-- and charity number; its size and sector win over the register's.
WITH company_names AS (
    SELECT name_key, min(company_number) AS company_number
    FROM companies WHERE name_key IS NOT NULL GROUP BY name_key HAVING count(*) = 1
),
supplier_parties AS (
    SELECT
        'S' || s.supplier_key AS party_id,
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
    SELECT DISTINCT 'C' || company_number AS party_id, company_number
    FROM supplier_matches
    WHERE supplier_key IS NULL AND company_number IS NOT NULL
),
parties AS (
    SELECT * FROM supplier_parties
    UNION ALL BY NAME
    SELECT p.*, c.company_name AS supplier_name FROM company_parties AS p JOIN companies AS c USING (company_number)
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
