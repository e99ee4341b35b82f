-- The subcontracts suppliers declare, per financial year, supplier (its party) and contract ('(none)' when declared
-- against the supplier alone): how many, the amount by the ring the subcontractor is placed in (supplier_locations,
-- party 'K<line>'; unknown_because: why a subcontractor could not be placed), the supplier's ring, and what the
-- ledger paid the supplier that year (within the contract's dates when there is one). A declaration larger than
-- those payments is kept and flagged (exceeds_payments).
WITH declared AS (
    SELECT
        k.fiscal_year,
        k.party_id,
        coalesce(k.contract_id, '(none)') AS contract_id,
        count(*) AS subcontracts,
        sum(k.amount) AS declared,
        coalesce(sum(k.amount) FILTER (WHERE t.ring = 'home'), 0) AS declared_home,
        coalesce(sum(k.amount) FILTER (WHERE t.ring = 'region'), 0) AS declared_region,
        coalesce(sum(k.amount) FILTER (WHERE t.ring = 'elsewhere'), 0) AS declared_elsewhere,
        coalesce(sum(k.amount) FILTER (WHERE t.ring IS NULL OR t.ring = 'unknown'), 0) AS declared_unknown,
        string_agg(DISTINCT t.method, ', ' ORDER BY t.method) FILTER (WHERE t.ring = 'unknown') AS unknown_because
    FROM subcontracts AS k
    LEFT JOIN supplier_locations AS t ON t.party_id = 'K' || k.source_line
    GROUP BY ALL
),
paid AS (
    SELECT d.fiscal_year, d.party_id, d.contract_id, coalesce(sum(p.amount), 0) AS paid
    FROM declared AS d
    LEFT JOIN contracts AS c ON c.contract_id = d.contract_id
    LEFT JOIN located_transactions AS p ON p.party_id = d.party_id AND p.fiscal_year = d.fiscal_year
        AND (c.contract_id IS NULL OR p.payment_date BETWEEN c.start_date AND c.end_date)
    GROUP BY ALL
)
SELECT
    d.fiscal_year,
    d.party_id,
    s.supplier_name,
    coalesce(s.ring, 'unknown') AS supplier_ring,
    d.contract_id,
    d.subcontracts,
    d.declared,
    d.declared_home,
    d.declared_region,
    d.declared_elsewhere,
    d.declared_unknown,
    d.unknown_because,
    p.paid,
    d.declared > p.paid AS exceeds_payments,
    CASE WHEN d.declared > p.paid THEN format('declared £{:,.2f} is more than the £{:,.2f} the ledger paid {}',
        d.declared, p.paid, CASE WHEN d.contract_id = '(none)' THEN 'the supplier that year'
        ELSE 'on the contract that year' END) END AS note
FROM declared AS d
JOIN paid AS p USING (fiscal_year, party_id, contract_id)
LEFT JOIN supplier_locations AS s ON s.party_id = d.party_id
ORDER BY d.fiscal_year, s.supplier_name, d.contract_id
