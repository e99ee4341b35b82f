-- One name per LAD code: the first directory listed that names it wins, then the code changes file.
SELECT lad_code, lad_name
FROM lad_name_candidates
WHERE lad_code IS NOT NULL AND lad_name IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY lad_code ORDER BY priority) = 1
ORDER BY lad_code
