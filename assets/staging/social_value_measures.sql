-- The framework's measures, in the framework file's order (framework_measures, from core/social_value.py): measure,
-- outcome, titles, unit and proxy value in £ per unit (NULL: counted in units only).
SELECT measure_id, outcome_id, outcome_title, measure_title, unit, proxy_value
FROM framework_measures
ORDER BY position
