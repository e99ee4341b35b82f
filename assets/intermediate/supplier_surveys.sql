-- One row per usable supplier re-spend survey: the supplier as the survey names it, its party and how it was
-- linked, the year, and the shares: of its income, on staff and on purchases; of each, in the home area and in the
-- region (home excluded); the rest of each is elsewhere.
SELECT
    source_file, source_line, supplier_id, supplier_name, company_number, party_id, link_method, fiscal_year,
    staff_share, staff_home_share, staff_region_share, purchases_share, purchases_home_share, purchases_region_share
FROM surveys_linked
WHERE reason IS NULL
ORDER BY party_id, fiscal_year
