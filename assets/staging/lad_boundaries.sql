-- One row per district per boundary file: its code, name, file (source, priority: 0 = listed first) and polygon
-- as WKB in EPSG:27700 (British National Grid), read by lad_boundaries.py with geopandas.
SELECT
    CAST(lad_code AS VARCHAR) AS lad_code,
    CAST(lad_name AS VARCHAR) AS lad_name,
    CAST(source AS VARCHAR) AS source,
    CAST(priority AS INTEGER) AS priority,
    CAST(geometry AS BLOB) AS geometry
FROM boundary_rows
ORDER BY priority, lad_code
