-- indicator_years.sql — which years an indicator has, and how many territories per level have data.
-- Used by: mappa
-- Parameters: $indicator
-- Returns: year, level, territories, provisional (true if any value of that year and level is provisional)
SELECT o.year, t.level, count(*) AS territories, bool_or(o.status = 'provisional') AS provisional
FROM observation o JOIN territory t ON t.code = o.territory_code
WHERE o.indicator_id = $indicator
GROUP BY o.year, t.level
ORDER BY o.year, t.level;
