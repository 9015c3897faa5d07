-- population_change.sql — residents and foreign residents over the years, with change on the previous
-- year with data. ISTAT population (1 January) for comuni and groups; for Milan's Municipi and NIL
-- the city register (31 December), kept in its own columns.
-- Parameters: $territory
-- Returns: year, population, change_pct, foreign_residents, foreign_share, register_residents,
--          register_change_pct, status
WITH yearly AS (
    SELECT year,
           max(value) FILTER (WHERE indicator_id = 'population') AS population,
           max(value) FILTER (WHERE indicator_id = 'foreign_residents') AS foreign_residents,
           max(value) FILTER (WHERE indicator_id = 'foreign_share') AS foreign_share,
           max(value) FILTER (WHERE indicator_id = 'reg_residents') AS register_residents,
           CASE WHEN bool_or(status = 'provisional') THEN 'provisional' ELSE 'final' END AS status
    FROM observation
    WHERE territory_code = $territory
      AND indicator_id IN ('population', 'foreign_residents', 'foreign_share', 'reg_residents')
    GROUP BY year
)
SELECT year, population,
       100.0 * (population / lag(population) OVER (PARTITION BY population IS NULL ORDER BY year) - 1) AS change_pct,
       foreign_residents, foreign_share, register_residents,
       100.0 * (register_residents / lag(register_residents) OVER (PARTITION BY register_residents IS NULL ORDER BY year) - 1)
           AS register_change_pct,
       status
FROM yearly
ORDER BY year;
