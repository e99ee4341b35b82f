-- Every data row of a quarterly returns file (return_rows_records): a supplier's declaration of a measure
-- delivered on a contract in a quarter ('2020/21 Q1': April to June 2020), with its verification, and the reason it
-- cannot be used (NULL when it can): an unknown contract or measure, a quarter not written so or outside the
-- contract's dates, a quantity that is not a number or is negative, a status other than pending, verified or
-- rejected, a verified return without a verified quantity, or a verified quantity that is not a number, negative,
-- or above the declared one. A submitted or verified day that is not a date is a field problem: the return stays.
-- A second return for the same contract, measure and quarter is not a problem here: social_value_returns keeps
-- the latest submission and the history.
WITH extracted AS (
    SELECT
        source_file,
        source_line,
        record,
        nullif(trim(fields[CAST($contract_id_col AS INTEGER)]), '') AS contract_id,
        nullif(trim(fields[CAST($measure_id_col AS INTEGER)]), '') AS measure_id,
        nullif(trim(fields[CAST($quarter_col AS INTEGER)]), '') AS quarter_text,
        nullif(trim(fields[CAST($quantity_col AS INTEGER)]), '') AS quantity_text,
        nullif(trim(fields[CAST($evidence_col AS INTEGER)]), '') AS evidence,
        nullif(trim(fields[CAST($submitted_on_col AS INTEGER)]), '') AS submitted_text,
        coalesce(lower(nullif(trim(fields[CAST($status_col AS INTEGER)]), '')), 'pending') AS status,
        nullif(trim(fields[CAST($verified_quantity_col AS INTEGER)]), '') AS verified_text,
        nullif(trim(fields[CAST($verified_on_col AS INTEGER)]), '') AS verified_on_text,
        nullif(trim(fields[CAST($note_col AS INTEGER)]), '') AS note
    FROM return_rows_records
    WHERE source_line > $header_line AND NOT blank
),
parsed AS (
    SELECT
        *,
        regexp_extract(upper(quarter_text), '^(\d{4})/(\d{2})\s*Q([1-4])$', ['start', 'end', 'q']) AS parts,
        parse_quantity(quantity_text) AS quantity,
        parse_quantity(verified_text) AS verified_quantity,
        coalesce(parse_date(submitted_text, $day_first), parse_date(submitted_text, NOT $day_first)) AS submitted_on,
        coalesce(parse_date(verified_on_text, $day_first), parse_date(verified_on_text, NOT $day_first))
            AS verified_on
    FROM extracted
),
quartered AS (
    SELECT
        *,
        CASE WHEN parts['start'] <> '' AND (CAST(parts['start'] AS INTEGER) + 1) % 100 = CAST(parts['end'] AS INTEGER)
            THEN parts['start'] || '/' || parts['end'] END AS fiscal_year,
        CASE WHEN parts['q'] <> '' THEN CAST(parts['q'] AS INTEGER) END AS quarter_number
    FROM parsed
),
spanned AS (
    SELECT
        *,
        CASE WHEN fiscal_year IS NOT NULL THEN CAST(make_date(CAST(parts['start'] AS INTEGER), 4, 1)
            + to_months(3 * (quarter_number - 1)) AS DATE) END AS quarter_start
    FROM quartered
)
SELECT
    r.* EXCLUDE (parts, quarter_text, quantity_text, verified_text, submitted_text, verified_on_text),
    r.fiscal_year || ' Q' || r.quarter_number AS quarter,
    CAST(r.quarter_start + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS quarter_end,
    CASE
        WHEN c.contract_id IS NULL THEN format('unknown contract ''{}''', coalesce(r.contract_id, ''))
        WHEN m.measure_id IS NULL THEN format('unknown measure ''{}'': not in the framework', coalesce(r.measure_id, ''))
        WHEN r.fiscal_year IS NULL
            THEN format('quarter ''{}'' is not a quarter such as 2020/21 Q1', coalesce(r.quarter_text, ''))
        WHEN r.quarter_start > c.end_date OR r.quarter_start + INTERVAL 3 MONTH <= c.start_date THEN format(
            'quarter {} is outside the contract''s dates ({} to {})', r.quarter_text, c.start_date, c.end_date)
        WHEN r.quantity IS NULL THEN format('quantity ''{}'' is not a number', coalesce(r.quantity_text, ''))
        WHEN r.quantity < 0 THEN format('quantity {} is negative', r.quantity_text)
        WHEN r.status NOT IN ('pending', 'verified', 'rejected')
            THEN format('status ''{}'' is not pending, verified or rejected', r.status)
        WHEN r.verified_text IS NOT NULL AND r.verified_quantity IS NULL
            THEN format('verified_quantity ''{}'' is not a number', r.verified_text)
        WHEN r.verified_quantity < 0 THEN format('verified_quantity {} is negative', r.verified_text)
        WHEN r.status = 'verified' AND r.verified_quantity IS NULL THEN 'verified with no verified_quantity'
        WHEN r.verified_quantity > r.quantity
            THEN format('verified_quantity {} is above the declared {}', r.verified_text, r.quantity_text)
    END AS reason,
    nullif(concat_ws('; ',
        CASE WHEN r.submitted_text IS NULL THEN 'submitted_on is empty: whether it was late is not known' END,
        CASE WHEN r.submitted_text IS NOT NULL AND r.submitted_on IS NULL
            THEN format('submitted_on ''{}'' is not a date', r.submitted_text) END,
        CASE WHEN r.verified_on_text IS NOT NULL AND r.verified_on IS NULL
            THEN format('verified_on ''{}'' is not a date', r.verified_on_text) END
    ), '') AS field_problems
FROM spanned AS r
LEFT JOIN contracts AS c ON c.contract_id = r.contract_id
LEFT JOIN social_value_measures AS m ON m.measure_id = r.measure_id
