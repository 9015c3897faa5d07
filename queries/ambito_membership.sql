-- ambito_membership.sql — how many ambiti have a known list of member comuni, out of all ambiti.
-- Parameters: none
-- Returns: known, total
SELECT count(DISTINCT l.parent_code) FILTER (WHERE l.parent_code IS NOT NULL) AS known, count(DISTINCT t.code) AS total
FROM territory t LEFT JOIN territory_link l ON l.parent_code = t.code AND l.relation = 'ambito'
WHERE t.level = 'ambito';
