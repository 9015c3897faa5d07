-- comune_groups.sql — the provinces and ambiti whose member comuni are known, for "all comuni of …" choices.
-- Used by: dati-aperti
-- Parameters: none ($comune_groups: bound by cruscotto/db.py from cruscotto/levels.py)
-- Returns: code, name, level, comuni (how many member comuni)
SELECT p.code, p.name, p.level, count(*) AS comuni
FROM territory_link l
JOIN territory p ON p.code = l.parent_code
JOIN territory c ON c.code = l.child_code
WHERE list_contains($comune_groups, p.level) AND l.relation = p.level AND c.level = 'comune'
GROUP BY p.code, p.name, p.level
ORDER BY list_position($comune_groups, p.level), p.name;
