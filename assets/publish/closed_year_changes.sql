-- This run's changes to the figures of closed years (figure_changes), each with its status: `restated` (a
-- restatement accepted every change of its year: published by this run) or `awaiting restatement` (the blocking
-- check closed_years_unchanged stops the run), and why: the inputs of the year that differ from those frozen with
-- it, ledger files and settings first, then suppliers ($listed at most; closed_year_inputs holds them all), or
-- else the baseline year's change, which targets and changes since the baseline follow.
WITH lines AS (
    SELECT
        fiscal_year,
        CASE input WHEN 'ledger file' THEN 0 WHEN 'supplier' THEN 2 ELSE 1 END AS rank,
        name,
        format('{} {} {}', input, name,
            CASE
                WHEN before_state IS NULL THEN format('added ({})', after_state)
                WHEN after_state IS NULL THEN format('gone (was {})', before_state)
                ELSE format('was {}, now {}', before_state, after_state)
            END) AS line
    FROM input_changes
),
why AS (
    SELECT
        fiscal_year,
        array_to_string(list(line ORDER BY rank, name)[1:$listed], '; ')
        || CASE WHEN count(*) > $listed THEN format('; and {} more inputs', count(*) - $listed) ELSE '' END AS why
    FROM lines
    GROUP BY fiscal_year
)
SELECT
    c.fiscal_year,
    c.table_name,
    c.row_key,
    c.figure,
    c.before_value,
    c.after_value,
    c.change,
    c.new_row,
    c.gone_row,
    CASE WHEN c.accepted THEN 'restated' ELSE 'awaiting restatement' END AS status,
    c.restatement_id,
    coalesce(
        w.why,
        CASE WHEN c.fiscal_year <> $baseline_year AND $baseline_year IN (SELECT fiscal_year FROM figure_changes)
            THEN format('the baseline year {} changed: targets set over it and the change since it follow it',
                $baseline_year)
            ELSE 'no input of the year differs from those frozen with it: a rule of the tool changed'
        END
    ) AS why
FROM figure_changes AS c
LEFT JOIN why AS w USING (fiscal_year)
ORDER BY ALL
