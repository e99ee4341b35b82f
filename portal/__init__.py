"""The suppliers' portal (Django): suppliers declare social value each quarter, officers verify, and the pipeline
reads the returns as one more source. It never writes the DuckDB warehouse; it reads the snapshot to sync."""
