-- ambito_membership.sql — how many ambiti have a list of member comuni from a public act (the build's
-- data/raw/geo/comuni_ambiti*.csv; lists loaded by Uffici di Piano do not count), out of all ambiti.
-- Used by: dati-aperti
-- Parameters: none
-- Returns: known, total
SELECT count(DISTINCT l.parent_code) FILTER (WHERE l.parent_code IS NOT NULL) AS known, count(DISTINCT t.code) AS total
FROM territory t LEFT JOIN territory_link l ON l.parent_code = t.code AND l.relation = 'ambito' AND NOT l.is_local
WHERE t.level = 'ambito';
