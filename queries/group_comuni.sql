-- group_comuni.sql — the member comuni of some provinces or ambiti (one row per comune, even when it belongs
-- to more than one of the groups).
-- Used by: dati-aperti
-- Parameters: $groups (list of territory codes of provinces or ambiti)
-- Returns: code, name
SELECT DISTINCT c.code, c.name
FROM territory_link l
JOIN territory p ON p.code = l.parent_code
JOIN territory c ON c.code = l.child_code
WHERE list_contains($groups::VARCHAR[], l.parent_code) AND l.relation = p.level AND c.level = 'comune'
ORDER BY c.name, c.code;
