-- geometry.sql — simplified GeoJSON geometry of every territory of one level (prepared at build).
-- Used by: mappa
-- Parameters: $level
-- Returns: code, name, geojson
SELECT t.code, t.name, g.geojson
FROM territory t JOIN territory_geometry g ON g.code = t.code
WHERE t.level = $level
ORDER BY t.code;
