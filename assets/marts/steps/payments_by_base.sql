-- Every located payment once on the `all` base and, unless an exclusion rule of the analysis matched it, once more
-- on the `influenceable` base: the one definition of the two bases every mart gives its figures on. base_definition
-- says in words what the base holds, beside every figure. With no rules, both bases hold every payment.
SELECT
    b.base,
    CASE b.base WHEN 'all' THEN 'all payments' ELSE {influenceable_definition} END AS base_definition,
    t.*
FROM located_transactions AS t, (VALUES ('all'), ('influenceable')) AS b(base)
WHERE b.base = 'all' OR t.influenceable_exclusion IS NULL
