-- similar_compare.sql — a comune and its similar comuni on one indicator in one year (the comune's own
-- latest): each one's value, NULL where it has none that year (never another year's).
-- Used by: confronta
-- Parameters: $territory, $indicator, $year
-- Returns: rank (0 = the comune itself), code, name, value, numerator, denominator, year, status,
--          source_id, flag
WITH wanted AS (
    SELECT 0 AS rank, $territory AS code
    UNION ALL
    SELECT rank, neighbour_code FROM similar_comune WHERE comune_code = $territory
)
SELECT w.rank, w.code, t.name, o.value, o.numerator, o.denominator, o.year, o.status, o.source_id, o.flag
FROM wanted w
JOIN territory t ON t.code = w.code
LEFT JOIN observation o ON o.territory_code = w.code AND o.indicator_id = $indicator AND o.year = $year
ORDER BY w.rank;
