-- One row per contract of the register: its supplier linked (contract_parties, by register_parties.sql) and placed
-- as ledger payees are, value and dates, whether it is over the policy's threshold and carries commitments (over it
-- without any is a breach of the policy), social value committed, delivered and verified in £ (the measures with a
-- proxy value) and as a share of the contract's value, the quarterly returns due by the as-of day, received, late
-- (first submitted after the due day) and missing, and the ledger's payments to its supplier within its dates
-- against its value.
WITH measures AS (
    SELECT
        contract_id,
        count(*) FILTER (WHERE committed) AS measures_committed,
        count(*) FILTER (WHERE proxy_value IS NULL) AS measures_without_proxy,
        coalesce(sum(committed_value), 0) AS committed_value,
        coalesce(sum(delivered_value), 0) AS delivered_value,
        coalesce(sum(verified_value), 0) AS verified_value
    FROM mart_contract_social_value_measures
    GROUP BY ALL
),
returns AS (
    SELECT
        contract_id,
        count(*) FILTER (WHERE due) AS returns_due,
        count(*) FILTER (WHERE received) AS returns_received,
        count(*) FILTER (WHERE received AND first_submitted_on > due_on) AS returns_late,
        count(*) FILTER (WHERE due AND NOT received) AS returns_missing,
        string_agg(quarter, ', ' ORDER BY quarter) FILTER (WHERE due AND NOT received) AS missing_quarters
    FROM contract_quarters
    GROUP BY ALL
),
paid AS (
    SELECT c.contract_id, count(t.amount) AS payments, coalesce(sum(t.amount), 0) AS paid
    FROM contracts AS c
    JOIN contract_parties AS p ON p.register_key = c.contract_id
    LEFT JOIN located_transactions AS t ON t.party_id = p.party_id AND t.payment_date BETWEEN c.start_date AND c.end_date
    GROUP BY ALL
)
SELECT
    c.contract_id,
    c.title,
    coalesce(c.supplier_name, l.supplier_name) AS supplier_name,
    c.supplier_id,
    c.company_number,
    p.party_id,
    p.link_method,
    l.lad_code,
    l.lad_name,
    coalesce(l.ring, 'unknown') AS ring,
    CASE WHEN p.party_id IS NULL THEN 'unlinked' ELSE l.method END AS location_method,
    c.contract_value,
    c.start_date,
    c.end_date,
    c.department,
    c.category,
    c.contract_value > CAST($threshold AS DECIMAL(18, 2)) AS over_threshold,
    coalesce(m.measures_committed, 0) > 0 AS has_commitments,
    c.contract_value > CAST($threshold AS DECIMAL(18, 2)) AND coalesce(m.measures_committed, 0) = 0 AS policy_breach,
    CASE WHEN c.contract_value > CAST($threshold AS DECIMAL(18, 2)) AND coalesce(m.measures_committed, 0) = 0 THEN format(
        'worth £{:,.2f} (over £{:,.2f}) with no social value commitment', c.contract_value, CAST($threshold AS DECIMAL(18, 2))
    ) END AS breach_reason,
    coalesce(m.measures_committed, 0) AS measures_committed,
    coalesce(m.measures_without_proxy, 0) AS measures_without_proxy,
    coalesce(m.committed_value, 0) AS committed_value,
    coalesce(m.delivered_value, 0) AS delivered_value,
    coalesce(m.verified_value, 0) AS verified_value,
    share_of(coalesce(m.committed_value, 0), c.contract_value) AS committed_share_of_value,
    share_of(coalesce(m.delivered_value, 0), c.contract_value) AS delivered_share_of_value,
    share_of(coalesce(m.verified_value, 0), c.contract_value) AS verified_share_of_value,
    coalesce(r.returns_due, 0) AS returns_due,
    coalesce(r.returns_received, 0) AS returns_received,
    coalesce(r.returns_late, 0) AS returns_late,
    coalesce(r.returns_missing, 0) AS returns_missing,
    r.missing_quarters,
    coalesce(pd.payments, 0) AS payments,
    coalesce(pd.paid, 0) AS paid,
    share_of(pd.paid, c.contract_value) AS paid_share_of_value
FROM contracts AS c
LEFT JOIN contract_parties AS p ON p.register_key = c.contract_id
LEFT JOIN supplier_locations AS l ON l.party_id = p.party_id
LEFT JOIN measures AS m USING (contract_id)
LEFT JOIN returns AS r USING (contract_id)
LEFT JOIN paid AS pd USING (contract_id)
ORDER BY c.contract_id
