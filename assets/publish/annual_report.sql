-- One row per annual report file an annual run wrote (annual_report.py): the year it reports, the file, where it
-- was written and its text, the day the run was as of, the run and when. Kept from run to run: the history of what
-- was reported each year.
CREATE TABLE IF NOT EXISTS annual_report (
    fiscal_year VARCHAR,
    report VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    run_id VARCHAR NOT NULL,
    written_at TIMESTAMPTZ NOT NULL
)
