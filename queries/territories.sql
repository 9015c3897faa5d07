-- territories.sql — every territory a user can pick, in a stable order for the picker.
-- Parameters: none
-- Returns: code, level, name, province_code, parent_code, n_members, membership_note, has_geometry
SELECT t.code, t.level, t.name, t.province_code, t.parent_code, t.n_members, t.membership_note,
       g.code IS NOT NULL AS has_geometry
FROM territory t
LEFT JOIN territory_geometry g ON g.code = t.code
ORDER BY CASE t.level WHEN 'regione' THEN 0 WHEN 'provincia' THEN 1 WHEN 'ambito' THEN 2 WHEN 'asst' THEN 3
                      WHEN 'distretto' THEN 4 WHEN 'comune' THEN 5 WHEN 'municipio' THEN 6 ELSE 7 END,
         t.name;
