-- level_indicators.sql — the indicators with at least one value at a level of territory, and their years.
-- Used by: mappa, panoramica, cli, server
-- Parameters: $level
-- Returns: indicator_id, first_year, last_year, territories
SELECT o.indicator_id, min(o.year) AS first_year, max(o.year) AS last_year,
       count(DISTINCT o.territory_code) AS territories
FROM observation o JOIN territory t ON t.code = o.territory_code
WHERE t.level = $level AND o.value IS NOT NULL
GROUP BY o.indicator_id
ORDER BY o.indicator_id;
