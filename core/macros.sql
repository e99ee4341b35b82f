-- Parsing rules shared by every asset: one definition each, created on every connection the pipeline opens.

-- Fields of one CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). Each field is
-- matched with the comma before it (one is prepended), so empty fields are never skipped. Blanks around a quoted
-- field are allowed; text after a closing quote stays in the field, as written, rather than being lost.
CREATE OR REPLACE TEMP MACRO csv_fields_by_pattern(record) AS list_transform(
    regexp_extract_all(',' || record, ',([ \t]*"(?:[^"]|"")*"[^,]*|[^,]*)', 1),
    lambda f: CASE WHEN regexp_full_match(f, '[ \t]*"(?:[^"]|"")*"[ \t]*')
        THEN replace(trim(f, E' \t')[2:-2], '""', '"') ELSE f END
);

-- The same fields, faster for the two shapes nearly every published record has (csv_fields_by_pattern is five
-- times slower): a record without a quote is split at its commas; a record whose quotes only wrap whole fields,
-- none doubled (`a,"b, c",d`), is split at its quotes, the commas inside quotes (every second piece) are masked
-- with the unit separator, and the rest is split at its commas.
CREATE OR REPLACE TEMP MACRO csv_fields(record) AS CASE
    WHEN NOT contains(record, '"') THEN string_split(record, ',')
    WHEN regexp_full_match(record, '(?:"[^"]*"|[^",]*)(?:,(?:"[^"]*"|[^",]*))*') AND NOT contains(record, chr(31))
        THEN list_transform(
            string_split(array_to_string(list_transform(
                string_split(record, '"'), lambda piece, i: CASE WHEN i % 2 = 0 THEN replace(piece, ',', chr(31)) ELSE piece END
            ), ''), ','),
            lambda f: replace(f, chr(31), ',')
        )
    ELSE csv_fields_by_pattern(record)
END;

-- A record of a file whose fields are separated by `delimiter` (a comma, semicolon, tab or bar), rewritten with
-- commas: its delimiters become commas and its own commas the record separator character.
CREATE OR REPLACE TEMP MACRO comma_separated(record, delimiter) AS CASE
    WHEN delimiter = ',' THEN record ELSE translate(record, ',' || delimiter, chr(30) || ',')
END;

-- Fields of a record of a file whose fields are separated by `delimiter`: split as comma_separated, then in each
-- field (where a comma can only be a delimiter quoted inside it) the characters swapped back.
CREATE OR REPLACE TEMP MACRO csv_fields_split_at(record, delimiter) AS CASE
    WHEN delimiter = ',' THEN csv_fields(record)
    ELSE list_transform(
        csv_fields(comma_separated(record, delimiter)), lambda f: replace(replace(f, ',', delimiter), chr(30), ',')
    )
END;

-- The fields at the start of a line that are whole, each with its comma (fields as in csv_fields): what comes before
-- a quoted field the line leaves open.
CREATE OR REPLACE TEMP MACRO whole_fields_pattern() AS '(?:(?:[ \t]*"(?:[^"]|"")*"[^,]*|[ \t]*(?:[^ \t,"][^,]*)?),)*';

-- True when `line` ends inside a quoted field, reading it as the start of a record: its last field opens a quote
-- that the line does not close. A line without a quote cannot open one.
CREATE OR REPLACE TEMP MACRO ends_in_quoted_field(line) AS CASE
    WHEN contains(line, '"') THEN regexp_full_match(line, whole_fields_pattern() || '[ \t]*"(?:[^"]|"")*')
    ELSE false
END;

-- The field (1-based) whose quote a line that ends inside a quoted field opened: the one after its whole fields.
CREATE OR REPLACE TEMP MACRO open_quote_field(line) AS
    len(csv_fields_by_pattern(regexp_extract(line, '^' || whole_fields_pattern()) || 'x'));

-- True when a record carries nothing: blank lines and lines of bare commas are not rows.
-- (Every field trims to nothing exactly when all of them joined do; joining is faster than a lambda per field.)
CREATE OR REPLACE TEMP MACRO is_blank_record(fields) AS trim(array_to_string(fields, '')) = '';

-- Used by amount_exact, once spaces next to signs and the £ are gone.
CREATE OR REPLACE TEMP MACRO amount_from_bare(bare) AS CASE
    WHEN regexp_full_match(
        bare, '(£?\(£?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?\)|[-£]*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:-|CR)?)'
    )
        AND regexp_matches(bare, '\d')
        AND (CAST(regexp_matches(bare, '^£?\(') AS INTEGER) + CAST(regexp_matches(bare, '^£?-|^-£') AS INTEGER)
             + CAST(regexp_matches(bare, '(-|CR)$') AS INTEGER)) <= 1
        AND length(bare) - length(replace(bare, '£', '')) <= 1
    THEN TRY_CAST(regexp_replace(bare, '[£,()-]|CR$', '', 'g') AS DECIMAL(38, 18))
        * CASE WHEN regexp_matches(bare, '^£?\(|^£?-|^-£|-$|CR$') THEN -1 ELSE 1 END
END;

-- Money as published, exactly: '£1,234.56', '£ 1234.5', '(12.00)', '12.00-', '12.00 CR', '-12'. Digits may be
-- grouped in threes by commas; at most one sign (brackets, a leading or trailing minus, or CR), and brackets must
-- pair. NULL when the text is anything else, e.g. '1,2', '1 2', '(5', '-5-', '1.234,56'.
CREATE OR REPLACE TEMP MACRO amount_exact(amount_text) AS amount_from_bare(
    regexp_replace(regexp_replace(upper(trim(amount_text)), '(\D)\s+', '\1', 'g'), '\s+(\D)', '\1', 'g')
);

-- An amount to the penny. Published files carry float artefacts such as 1136.8400000000001, which round; a real
-- fraction of a penny (12.345) does not, and gives NULL (the ledger says why).
-- Most published amounts are plain ('1234.56', '-12'): those are cast directly, the rest go through amount_exact.
CREATE OR REPLACE TEMP MACRO parse_amount(amount_text) AS CASE
    WHEN regexp_full_match(amount_text, '-?[0-9]{1,15}(\.[0-9]{1,2})?') THEN CAST(amount_text AS DECIMAL(18, 2))
    WHEN abs(amount_exact(amount_text) - round(amount_exact(amount_text), 2)) < 0.000001
        THEN TRY_CAST(round(amount_exact(amount_text), 2) AS DECIMAL(18, 2))
END;

-- Used by parse_date: a date inside the span a council ledger can hold, else NULL.
CREATE OR REPLACE TEMP MACRO plausible_date(d) AS CASE WHEN d BETWEEN DATE '1990-01-01' AND DATE '2100-12-31' THEN d END;

-- A payment date as published: ISO (with or without a time), UK day-first (US month-first when day_first is false)
-- with / - or . and a two- or four-digit year, '01-Apr-19', '1 April 2019', or an Excel serial day number. Only
-- dates from 1990 to 2100 are accepted: anything else is a misread, not a payment.
CREATE OR REPLACE TEMP MACRO parse_date(date_text, day_first) AS plausible_date(CASE
    WHEN regexp_full_match(trim(date_text), '\d{5}(\.\d+)?')
        THEN CAST(DATE '1899-12-30' + CAST(floor(CAST(trim(date_text) AS DOUBLE)) AS INTEGER) AS DATE)
    WHEN regexp_matches(trim(date_text), '^\d{4}\D')
        THEN CAST(try_strptime(trim(date_text), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M',
            '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S.%f', '%Y/%m/%d']) AS DATE)
    WHEN regexp_matches(trim(date_text), '^\d{1,2}[-/. ]?[A-Za-z]')
        THEN CAST(try_strptime(trim(date_text), ['%d-%b-%y', '%d-%b-%Y', '%d %b %Y', '%d %B %Y', '%d-%B-%Y',
            '%d-%b-%y %H:%M:%S', '%d-%b-%Y %H:%M:%S']) AS DATE)
    -- numeric day and month: the year's width picks %Y or %y, since %Y would read '19' as the year 19
    WHEN NOT regexp_matches(trim(date_text), '^\d{1,2}\D\d{1,2}\D\d{4}') THEN CASE
        WHEN day_first THEN CAST(try_strptime(trim(date_text), ['%d/%m/%y', '%d-%m-%y', '%d.%m.%y']) AS DATE)
        ELSE CAST(try_strptime(trim(date_text), ['%m/%d/%y', '%m-%d-%y', '%m.%d.%y']) AS DATE)
    END
    WHEN day_first
        THEN CAST(try_strptime(trim(date_text), ['%d/%m/%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d-%m-%Y',
            '%d.%m.%Y']) AS DATE)
    ELSE CAST(try_strptime(trim(date_text), ['%m/%d/%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m-%d-%Y',
            '%m.%d.%Y']) AS DATE)
END);

-- True when `fields` read as a row of a file whose date and amount are in columns date_col and amount_col: both
-- parse (the date in either order). Used to tell a line swallowed by an unbalanced quote from a line of a field.
CREATE OR REPLACE TEMP MACRO reads_as_row(fields, date_col, amount_col) AS
    coalesce(parse_date(trim(fields[date_col]), true), parse_date(trim(fields[date_col]), false)) IS NOT NULL
    AND parse_amount(trim(fields[amount_col])) IS NOT NULL;

-- A yes or no as a register writes it: yes/y/true/1/x, no/n/false/0 (any case); NULL when empty or anything else.
CREATE OR REPLACE TEMP MACRO parse_flag(flag_text) AS CASE
    WHEN lower(trim(flag_text)) IN ('yes', 'y', 'true', '1', 'x') THEN true
    WHEN lower(trim(flag_text)) IN ('no', 'n', 'false', '0') THEN false
END;

-- A quantity as a register writes it ('12', '2.5', '1,200', '£1,200.50'), to four places; NULL when not a number.
CREATE OR REPLACE TEMP MACRO parse_quantity(quantity_text) AS
    TRY_CAST(regexp_replace(trim(quantity_text), '[£,]', '', 'g') AS DECIMAL(18, 4));

-- A share as a survey writes it: '0.45', '.45' or '45%'; NULL when not a number (its range is judged apart).
CREATE OR REPLACE TEMP MACRO parse_share(share_text) AS CASE
    WHEN trim(share_text) LIKE '%\%' ESCAPE '\'
        THEN CAST(TRY_CAST(trim(rtrim(trim(share_text), '%')) AS DECIMAL(18, 8)) / 100 AS DECIMAL(18, 8))
    ELSE TRY_CAST(trim(share_text) AS DECIMAL(18, 8))
END;

-- A quantity of a social value measure in £ at the measure's proxy value (£ per unit), to the penny; NULL without one.
CREATE OR REPLACE TEMP MACRO at_proxy(quantity, proxy_value) AS CAST(round(quantity * proxy_value, 2) AS DECIMAL(18, 2));

-- The financial year that begins in April of `start_year`, written '2019/20'.
CREATE OR REPLACE TEMP MACRO fiscal_year_of(start_year) AS format('{}/{:02d}', start_year, (start_year + 1) % 100);

-- The council's financial year, 1 April to 31 March, written '2019/20'.
CREATE OR REPLACE TEMP MACRO fiscal_year(d) AS CASE WHEN d IS NOT NULL THEN
    fiscal_year_of(year(d) - CAST(month(d) < 4 AS INTEGER))
END;

-- A supplier name reduced to what identifies it: case, spacing, punctuation, '&'/'and', a leading 'The' and
-- trailing legal forms (Ltd, Limited, PLC, LLP, ...) ignored.
CREATE OR REPLACE TEMP MACRO normalise_name(name) AS NULLIF(trim(regexp_replace(regexp_replace(
    regexp_replace(lower(strip_accents(coalesce(name, ''))), '&', ' and ', 'g'),
    '[^a-z0-9]+', ' ', 'g'),
    '^\s*the\s+|(\s+(limited|ltd|plc|llp|lp|inc|cic|co|company|the|uk))+\s*$', '', 'g')), '');

-- A postcode as a join key: upper case, every space removed.
CREATE OR REPLACE TEMP MACRO normalise_postcode(postcode) AS
    NULLIF(upper(regexp_replace(coalesce(postcode, ''), '\s+', '', 'g')), '');

-- A well-formed UK postcode key (after normalise_postcode), e.g. S601AA, SW1A1AA.
CREATE OR REPLACE TEMP MACRO is_postcode(postcode_key) AS
    regexp_full_match(postcode_key, '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}');

-- A payee name that looks like a private individual's ('Mr J Smith', 'Mrs Jones', 'J. Smith'): such payments are
-- personal data the council may have failed to redact, flagged for review, never published further.
CREATE OR REPLACE TEMP MACRO looks_like_individual(name) AS
    regexp_matches(trim(name), '^(?i)(mr|mrs|miss|ms|mx|dr)\.?\s+\S')
    OR regexp_full_match(trim(name), '[A-Z]\.?(\s*[A-Z]\.?)?\s+[A-Z][a-z]+(-[A-Z][a-z]+)?');

-- A Companies House company number as a join key: 8 characters, upper case, no spaces. Ledgers often drop leading
-- zeros, of an English number ('1234567' is 01234567) and after a prefix ('NI3503' is NI003503). NULL unless it has
-- the shape of one (a National Insurance number such as 'JE672636A' has not).
CREATE OR REPLACE TEMP MACRO company_number_text(number) AS upper(regexp_replace(coalesce(number, ''), '\s+', '', 'g'));
CREATE OR REPLACE TEMP MACRO normalise_company_number(number) AS CASE
    WHEN regexp_full_match(company_number_text(number), '0*[1-9][0-9]*') AND length(company_number_text(number)) <= 8
        THEN lpad(company_number_text(number), 8, '0')
    WHEN regexp_full_match(company_number_text(number), '[A-Z]{2}[0-9]{1,6}')
        THEN company_number_text(number)[:2] || lpad(company_number_text(number)[3:], 6, '0')
END;

-- A payee name carrying any of the analysis's redaction markers (lower case): a redacted payment to a person.
CREATE OR REPLACE TEMP MACRO is_redacted(name, markers) AS
    len(list_filter(CAST(markers AS VARCHAR[]), lambda m: contains(lower(coalesce(name, '')), m))) > 0;

-- The ring of a LAD, the one rule for it: 'home' when the home codes hold it, else 'region' when the region codes
-- do, else 'elsewhere'; 'unknown' without a LAD. The codes are the analysis's closed over LAD code changes
-- (core/places.py analysis_places).
CREATE OR REPLACE TEMP MACRO ring_of(lad_code, home_lad_codes, region_lad_codes) AS CASE
    WHEN lad_code IS NULL THEN 'unknown'
    WHEN list_contains(CAST(home_lad_codes AS VARCHAR[]), lad_code) THEN 'home'
    WHEN list_contains(CAST(region_lad_codes AS VARCHAR[]), lad_code) THEN 'region'
    ELSE 'elsewhere'
END;

-- Rings from the most local: home 1, region 2, elsewhere 3, unknown 4.
CREATE OR REPLACE TEMP MACRO ring_rank(ring) AS
    CASE ring WHEN 'home' THEN 1 WHEN 'region' THEN 2 WHEN 'elsewhere' THEN 3 WHEN 'unknown' THEN 4 END;

-- A registered charity number: England and Wales (6 to 8 digits, '-N' for a linked charity), Scotland (SC0 and 5
-- digits), Northern Ireland (NIC or NI and digits); spaces ignored. 'N/A', '0' and the like are not one.
CREATE OR REPLACE TEMP MACRO is_charity_number(number) AS regexp_full_match(
    upper(regexp_replace(coalesce(number, ''), '\s+', '', 'g')), '[1-9][0-9]{5,7}(-[0-9]+)?|SC0[0-9]{5}|NIC?[0-9]{5,6}');

-- A company's size band as the supplier file declares it (micro, small, medium, large, or sme when only that is
-- known); NULL for anything else.
CREATE OR REPLACE TEMP MACRO size_band_of(size) AS CASE
    WHEN lower(trim(size)) IN ('micro', 'small', 'medium', 'large', 'sme') THEN lower(trim(size))
END;

-- The SIC 2007 section (A to U) of a SIC division (the first two digits of a code).
CREATE OR REPLACE TEMP MACRO sic_section_of_division(division) AS CASE
    WHEN division BETWEEN 1 AND 3 THEN 'A'
    WHEN division BETWEEN 5 AND 9 THEN 'B'
    WHEN division BETWEEN 10 AND 33 THEN 'C'
    WHEN division = 35 THEN 'D'
    WHEN division BETWEEN 36 AND 39 THEN 'E'
    WHEN division BETWEEN 41 AND 43 THEN 'F'
    WHEN division BETWEEN 45 AND 47 THEN 'G'
    WHEN division BETWEEN 49 AND 53 THEN 'H'
    WHEN division BETWEEN 55 AND 56 THEN 'I'
    WHEN division BETWEEN 58 AND 63 THEN 'J'
    WHEN division BETWEEN 64 AND 66 THEN 'K'
    WHEN division = 68 THEN 'L'
    WHEN division BETWEEN 69 AND 75 THEN 'M'
    WHEN division BETWEEN 77 AND 82 THEN 'N'
    WHEN division = 84 THEN 'O'
    WHEN division = 85 THEN 'P'
    WHEN division BETWEEN 86 AND 88 THEN 'Q'
    WHEN division BETWEEN 90 AND 93 THEN 'R'
    WHEN division BETWEEN 94 AND 96 THEN 'S'
    WHEN division BETWEEN 97 AND 98 THEN 'T'
    WHEN division = 99 THEN 'U'
END;

-- The SIC 2007 section of a code as a supplier file writes it: a section letter, or a SIC code of four or five
-- digits (a lost leading zero restored); NULL for anything else, and for the codes of dormant and non-trading
-- companies (74990, 99999).
CREATE OR REPLACE TEMP MACRO sic_section_of(code) AS CASE
    WHEN regexp_full_match(upper(trim(code)), '[A-U]') THEN upper(trim(code))
    WHEN regexp_full_match(trim(code), '[0-9]{4,5}') AND lpad(trim(code), 5, '0') NOT IN ('74990', '99999')
        THEN sic_section_of_division(CAST(lpad(trim(code), 5, '0')[:2] AS INTEGER))
END;

-- Money in one ring: the sum of `amount` over the rows whose `ring` (or office ring) is `which`, to the penny, 0 when
-- none is. The one way every mart sums a ring, so that the rings add up to the total alike everywhere.
CREATE OR REPLACE TEMP MACRO spend_in(amount, ring, which) AS
    CAST(coalesce(sum(amount) FILTER (WHERE ring = which), 0) AS DECIMAL(18, 2));

-- A share of a whole as published (a fraction, NULL when the whole is 0); money goes in exact and comes out DOUBLE.
CREATE OR REPLACE TEMP MACRO share_of(part, whole) AS CAST(part AS DOUBLE) / nullif(CAST(whole AS DOUBLE), 0);
