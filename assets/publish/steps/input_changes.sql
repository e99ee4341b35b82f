-- Why a closed year's figures would move: each input whose state differs from the one frozen with the year (a
-- ledger file changed, added or gone; a supplier placed, typed or paid otherwise; a setting or reference file
-- changed), for the years with a change.
SELECT
    fiscal_year,
    input,
    name,
    f.state AS before_state,
    c.state AS after_state
FROM (SELECT * FROM closed_year_inputs WHERE fiscal_year IN (SELECT fiscal_year FROM figure_changes)) AS f
FULL JOIN (SELECT * FROM year_inputs WHERE fiscal_year IN (SELECT fiscal_year FROM figure_changes)) AS c
    USING (fiscal_year, input, name)
WHERE f.state IS DISTINCT FROM c.state
ORDER BY fiscal_year, input, name
