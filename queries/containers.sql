-- containers.sql — the territories a territory lies in: a comune's province, ambito, ASST and region,
-- a NIL's Municipio (the one it lies mostly in) and city.
-- Used by: mappa, tendenze
-- Parameters: $territory
-- Returns: code, name, level, relation
SELECT t.code, t.name, t.level, l.relation
FROM territory_link l JOIN territory t ON t.code = l.parent_code
WHERE l.child_code = $territory
ORDER BY t.code;
