-- Years and bases where the supplier tables do not add up (no rows when they do), with what is wrong.
WITH every_supplier AS (
    SELECT fiscal_year, base, count(*) AS suppliers, max(rank) AS last_rank, sum(spend) AS spend
    FROM mart_supplier_spend
    GROUP BY ALL
),
redacted AS (
    SELECT fiscal_year, base, sum(amount) AS spend
    FROM located_transactions, (VALUES ('all'), ('influenceable')) AS b(base)
    WHERE (base = 'all' OR influenceable_exclusion IS NULL) AND supplier_group = 'redacted'
    GROUP BY ALL
),
ranked AS (
    SELECT fiscal_year, base, count(*) AS suppliers, sum(spend) AS spend, max(rank) AS last_rank
    FROM mart_top_suppliers
    GROUP BY ALL
),
groups AS (
    SELECT fiscal_year, base, count(DISTINCT supplier_group) AS suppliers
    FROM located_transactions, (VALUES ('all'), ('influenceable')) AS b(base)
    WHERE (base = 'all' OR influenceable_exclusion IS NULL) AND supplier_group <> 'redacted'
    GROUP BY ALL
)
SELECT y.fiscal_year, y.base, concat_ws('; ',
    CASE WHEN e.suppliers IS DISTINCT FROM g.suppliers OR e.last_rank IS DISTINCT FROM e.suppliers
        THEN format('mart_supplier_spend has {} suppliers (ranks to {}) where {} were paid', e.suppliers,
            e.last_rank, g.suppliers) END,
    CASE WHEN coalesce(e.spend, 0) + coalesce(d.spend, 0) IS DISTINCT FROM y.total_spend
        THEN format('the suppliers'' £{} and the redacted payments'' £{} are not the year''s total £{}',
            coalesce(e.spend, 0), coalesce(d.spend, 0), y.total_spend) END,
    CASE WHEN r.suppliers IS DISTINCT FROM least(s.top_n, g.suppliers) OR r.last_rank IS DISTINCT FROM r.suppliers
        THEN format('{} suppliers ranked (ranks to {}) where {} of its {} should be', r.suppliers, r.last_rank,
            least(s.top_n, g.suppliers), g.suppliers) END,
    CASE WHEN s.suppliers IS DISTINCT FROM r.suppliers OR s.top_spend IS DISTINCT FROM r.spend
        THEN format('the summary counts {} suppliers and £{}, the ranking {} and £{}', s.suppliers, s.top_spend,
            r.suppliers, r.spend) END,
    CASE WHEN s.home_spend + s.region_spend + s.elsewhere_spend + s.unknown_spend IS DISTINCT FROM s.top_spend
        OR s.home_suppliers + s.region_suppliers + s.elsewhere_suppliers + s.unknown_suppliers
            IS DISTINCT FROM s.suppliers
        THEN 'the rings do not add up to the top suppliers' END,
    CASE WHEN s.base_spend IS DISTINCT FROM y.total_spend
        THEN format('base spend £{} where the year''s total is £{}', s.base_spend, y.total_spend) END
) AS problem
FROM mart_local_spend_by_year AS y
LEFT JOIN mart_top_suppliers_summary AS s USING (fiscal_year, base)
LEFT JOIN every_supplier AS e USING (fiscal_year, base)
LEFT JOIN redacted AS d USING (fiscal_year, base)
LEFT JOIN ranked AS r USING (fiscal_year, base)
LEFT JOIN groups AS g USING (fiscal_year, base)
WHERE problem <> ''
ORDER BY 1, 2
