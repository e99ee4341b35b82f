-- Every frozen figure of a closed year that this run's figures (current_figures) would move: a value that differs,
-- a row that is gone (after_value NULL, gone_row) or a new row of a frozen table (before_value NULL, new_row). Only
-- figures frozen for the year and table are compared: a column or a mart that did not exist when the year was
-- frozen is frozen as it is, not reported. `accepted`: a restatement awaiting publication accepts exactly this
-- change (the same figure, before and after); a year is restated only when every one of its changes is accepted.
WITH frozen AS (
    SELECT f.* FROM closed_year_figures AS f JOIN closed_years USING (fiscal_year)
),
compared AS (
    SELECT DISTINCT fiscal_year, table_name, figure FROM frozen
),
current AS (
    SELECT c.* FROM current_figures AS c SEMI JOIN compared USING (fiscal_year, table_name, figure)
),
changes AS (
    SELECT
        fiscal_year,
        table_name,
        row_key,
        figure,
        f.value AS before_value,
        c.value AS after_value,
        f.row_key IS NULL AS new_row,
        c.row_key IS NULL AS gone_row
    FROM frozen AS f
    FULL JOIN current AS c USING (fiscal_year, table_name, row_key, figure)
    WHERE f.row_key IS NULL OR c.row_key IS NULL OR f.value IS DISTINCT FROM c.value
)
SELECT
    c.*,
    -- a row that appears or goes counts its figures from or to 0
    CASE
        WHEN c.new_row THEN try_cast(c.after_value AS DOUBLE)
        WHEN c.gone_row THEN -try_cast(c.before_value AS DOUBLE)
        ELSE try_cast(c.after_value AS DOUBLE) - try_cast(c.before_value AS DOUBLE)
    END AS change,
    r.restatement_id,
    bool_and(r.restatement_id IS NOT NULL) OVER (PARTITION BY c.fiscal_year) AS accepted
FROM changes AS c
LEFT JOIN restatements AS r
    ON r.published_by_run IS NULL
    AND r.fiscal_year = c.fiscal_year
    AND r.table_name = c.table_name
    AND r.row_key = c.row_key
    AND r.figure = c.figure
    AND r.before_value IS NOT DISTINCT FROM c.before_value
    AND r.after_value IS NOT DISTINCT FROM c.after_value
