-- comune_groups.sql — the provinces and ambiti whose member comuni are known, for "all comuni of …" choices.
-- Parameters: none
-- Returns: code, name, level, comuni (how many member comuni)
SELECT p.code, p.name, p.level, count(*) AS comuni
FROM territory_link l
JOIN territory p ON p.code = l.parent_code
JOIN territory c ON c.code = l.child_code
WHERE p.level IN ('provincia', 'ambito') AND l.relation = p.level AND c.level = 'comune'
GROUP BY p.code, p.name, p.level
ORDER BY CASE p.level WHEN 'provincia' THEN 0 ELSE 1 END, p.name;
