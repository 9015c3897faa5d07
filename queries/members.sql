-- members.sql — the territories inside a territory (comuni of an ambito, NIL mostly lying in a Municipio).
-- Used by: panoramica, mappa
-- Parameters: $parent
-- Returns: code, name, level, relation
SELECT t.code, t.name, t.level, l.relation
FROM territory_link l JOIN territory t ON t.code = l.child_code
WHERE l.parent_code = $parent
ORDER BY t.name;
