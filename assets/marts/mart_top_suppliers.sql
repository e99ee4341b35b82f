-- The top suppliers of each financial year and base by spend (CLES's sample: the top 300, `top_suppliers` in the
-- analysis): the first ranks of mart_supplier_spend, which says how suppliers are grouped, named, placed and ranked.
SELECT
    fiscal_year,
    base,
    rank,
    supplier_group,
    supplier_name,
    party_id,
    spend,
    payments,
    share_of_base,
    ring,
    office_ring,
    location_method,
    supplier_type,
    sic_section,
    size_band,
    months
FROM mart_supplier_spend
WHERE rank <= $top_n
ORDER BY fiscal_year, base, rank
