-- indicator_map.sql — one indicator for every territory of one level in one year (for maps and rankings).
-- Territories of the level without data are returned with a NULL value, so "no data" can be drawn.
-- Used by: mappa
-- Parameters: $indicator, $level (regione|provincia|ambito|asst|distretto|comune|municipio|nil), $year
-- Returns: code, name, value, numerator, denominator, status, source_id, note, parts_with_data, parts_total, flag
SELECT t.code, t.name, o.value, o.numerator, o.denominator, o.status, o.source_id, o.note,
       o.parts_with_data, o.parts_total, o.flag
FROM territory t
LEFT JOIN observation o ON o.territory_code = t.code AND o.indicator_id = $indicator AND o.year = $year
WHERE t.level = $level
ORDER BY t.name;
