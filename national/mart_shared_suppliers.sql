-- Suppliers two or more councils paid in a year, one row per year, supplier and paying council (all payments):
-- where joint procurement or local supplier development could act. Suppliers are matched across councils by company
-- number, else by normalised name (name_key; a name that councils give one company number only is matched to it).
-- The supplier's name, company number and district are those of the council that paid it most; supplier_council
-- is the registered council whose home that district is; ring is where the paying council places it. councils and
-- supplier_spend are over all the councils that paid it in the year. Every figure is a council's own
-- mart_supplier_spend (council_supplier_spend).
WITH paid AS (
    SELECT s.*
    FROM council_supplier_spend AS s
    WHERE s.base = 'all' AND s.council IN (SELECT council FROM council_names)
),
name_numbers AS (
    SELECT name_key, any_value(company_number) AS company_number
    FROM paid
    WHERE company_number IS NOT NULL AND name_key IS NOT NULL
    GROUP BY name_key
    HAVING count(DISTINCT company_number) = 1
),
keyed AS (
    SELECT
        p.*,
        coalesce(p.company_number, n.company_number) AS known_number,
        CASE WHEN known_number IS NOT NULL THEN 'company:' || known_number ELSE 'name:' || p.name_key END
            AS supplier_key
    FROM paid AS p
    LEFT JOIN name_numbers AS n USING (name_key)
    WHERE known_number IS NOT NULL OR p.name_key IS NOT NULL
),
shared AS (
    SELECT
        fiscal_year,
        supplier_key,
        count(DISTINCT council) AS councils,
        sum(spend) AS supplier_spend,
        arg_max(supplier_name, spend) AS supplier_name,
        arg_max(known_number, spend) AS company_number,
        arg_max(lad_code, spend) AS lad_code
    FROM keyed
    GROUP BY ALL
    HAVING count(DISTINCT council) >= 2
)
SELECT
    k.fiscal_year,
    k.supplier_key,
    CASE WHEN starts_with(k.supplier_key, 'company:') THEN 'company number' ELSE 'name' END AS matched_by,
    s.supplier_name,
    s.company_number,
    s.lad_code,
    h.council AS supplier_council,
    k.council AS paying_council,
    k.supplier_group,
    k.ring,
    k.payments,
    k.spend,
    s.councils,
    s.supplier_spend
FROM keyed AS k
JOIN shared AS s USING (fiscal_year, supplier_key)
LEFT JOIN (
    SELECT council, unnest(string_split(council, '+')) AS lad_code FROM council_names
) AS h ON h.lad_code = s.lad_code
ORDER BY k.fiscal_year, s.supplier_spend DESC, k.supplier_key, k.council
