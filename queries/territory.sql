-- territory.sql — one territory with its membership facts.
-- Used by: panoramica, tendenze, spesa, cli
-- Parameters: $territory (territory code)
-- Returns: code, level, name, province_code, parent_code, parent_name, n_members, membership_source, membership_note
SELECT t.code, t.level, t.name, t.province_code, t.parent_code, p.name AS parent_name,
       t.n_members, t.membership_source, t.membership_note
FROM territory t
LEFT JOIN territory p ON p.code = t.parent_code
WHERE t.code = $territory;
