-- Parsing rules shared by every asset: one definition each, created on every connection the pipeline opens.

-- Fields of one CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and newlines). Each field is
-- matched with the comma before it (one is prepended), so empty fields are never skipped; text after a closing
-- quote stays in the field, as written, rather than being lost.
CREATE OR REPLACE TEMP MACRO csv_fields(record) AS list_transform(
    regexp_extract_all(',' || record, ',("(?:[^"]|"")*"[^,]*|[^,]*)', 1),
    lambda f: CASE WHEN length(f) >= 2 AND f LIKE '"%"' THEN replace(f[2:-2], '""', '"') ELSE f END
);

-- True when a record carries nothing: blank lines and lines of bare commas are not rows.
CREATE OR REPLACE TEMP MACRO is_blank_record(fields) AS
    len(list_filter(fields, lambda f: trim(f) <> '')) = 0;

-- Used by parse_amount: after currency signs, separators and spaces are gone: brackets, a trailing minus or CR negate.
CREATE OR REPLACE TEMP MACRO signed_amount(bare) AS TRY_CAST(ROUND(
    TRY_CAST(regexp_replace(bare, '^\(|\)$|-$|CR$', '', 'g') AS DECIMAL(38, 18))
    * CASE WHEN regexp_matches(bare, '^\(.*\)$|\d-$|\dCR$') THEN -1 ELSE 1 END,
    2) AS DECIMAL(18, 2));

-- Money as published: '£1,234.56', '(12.00)', '12.00-', '12.00 CR', '-12'. Rounded to the penny (published files
-- carry float artefacts such as 1136.8400000000001). NULL when it is not a number.
CREATE OR REPLACE TEMP MACRO parse_amount(amount_text) AS
    signed_amount(regexp_replace(upper(trim(amount_text)), '[£,\s]', '', 'g'));

-- A payment date as published: ISO with or without a time, UK day-first (or US month-first) with / - or .,
-- '01-Apr-19', '1 April 2019', or an Excel serial day number.
CREATE OR REPLACE TEMP MACRO parse_date(date_text, day_first) AS CASE
    WHEN regexp_matches(trim(date_text), '^\d{5}(\.\d+)?$')
        THEN CAST(DATE '1899-12-30' + CAST(floor(CAST(trim(date_text) AS DOUBLE)) AS INTEGER) AS DATE)
    ELSE CAST(COALESCE(
        try_strptime(trim(date_text), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f',
                                       '%Y/%m/%d', '%d-%b-%y', '%d-%b-%Y', '%d %b %Y', '%d %B %Y']),
        CASE WHEN day_first
            THEN try_strptime(trim(date_text), ['%d/%m/%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%y',
                                                '%d-%m-%Y', '%d.%m.%Y'])
            ELSE try_strptime(trim(date_text), ['%m/%d/%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%y',
                                                '%m-%d-%Y', '%m.%d.%Y'])
        END) AS DATE)
END;

-- The council's financial year, 1 April to 31 March, written '2019/20'.
CREATE OR REPLACE TEMP MACRO fiscal_year(d) AS CASE WHEN d IS NOT NULL THEN
    format('{}/{:02d}', year(d) - CAST(month(d) < 4 AS INTEGER), (year(d) - CAST(month(d) < 4 AS INTEGER) + 1) % 100)
END;

-- A supplier name reduced to what identifies it: case, spacing, punctuation, '&'/'and', a leading 'The' and
-- trailing legal forms (Ltd, Limited, PLC, LLP, ...) ignored.
CREATE OR REPLACE TEMP MACRO normalise_name(name) AS NULLIF(trim(regexp_replace(regexp_replace(
    regexp_replace(lower(coalesce(name, '')), '&', ' and ', 'g'),
    '[^a-z0-9]+', ' ', 'g'),
    '^\s*the\s+|(\s+(limited|ltd|plc|llp|lp|inc|cic|co|company|the|uk))+\s*$', '', 'g')), '');

-- A postcode as a join key: upper case, every space removed.
CREATE OR REPLACE TEMP MACRO normalise_postcode(postcode) AS
    NULLIF(upper(regexp_replace(coalesce(postcode, ''), '\s+', '', 'g')), '');

-- A well-formed UK postcode key (after normalise_postcode), e.g. S601AA, SW1A1AA.
CREATE OR REPLACE TEMP MACRO is_postcode(postcode_key) AS
    regexp_full_match(postcode_key, '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}');
