-- The tables that keep closed years as published (see closed_year_figures.py). Created once, kept by every run.
-- closed_year_figures: one row per figure (a column of a mart row) of a closed year, as frozen or last restated.
CREATE TABLE IF NOT EXISTS closed_year_figures (
    fiscal_year VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    row_key VARCHAR NOT NULL,
    figure VARCHAR NOT NULL,
    value VARCHAR,
    frozen_by_run VARCHAR NOT NULL,
    frozen_at TIMESTAMPTZ NOT NULL,
    inputs_fingerprint VARCHAR NOT NULL,
    restatement_id BIGINT
);
-- closed_year_inputs: what lay behind each closed year's figures when they were frozen or last restated.
CREATE TABLE IF NOT EXISTS closed_year_inputs (
    fiscal_year VARCHAR NOT NULL,
    input VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    state VARCHAR
);
-- restatements: each change to a closed year's figure the analyst accepted (`spend restate`), and the run that
-- published it (NULL until one does).
CREATE SEQUENCE IF NOT EXISTS restatement_ids;
CREATE TABLE IF NOT EXISTS restatements (
    restatement_id BIGINT NOT NULL DEFAULT nextval('restatement_ids'),
    fiscal_year VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    row_key VARCHAR NOT NULL,
    figure VARCHAR NOT NULL,
    before_value VARCHAR,
    after_value VARCHAR,
    reason VARCHAR NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL,
    accepted_by VARCHAR,
    published_by_run VARCHAR,
    published_at TIMESTAMPTZ
);
