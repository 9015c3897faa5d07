-- local_context_targets.sql — target populations of every comune and year (checking users against them).
-- Used by: carica, cli
-- Parameters: none
-- Returns: comune_code, year, target, count
SELECT comune_code, CAST(year AS INTEGER) AS year, target, count
FROM target_population
ORDER BY comune_code, year, target;
