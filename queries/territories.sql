-- territories.sql — every territory a user can pick, in a stable order for the picker.
-- Used by: every page, cli, server
-- Parameters: none ($levels: bound by cruscotto/db.py from cruscotto/levels.py)
-- Returns: code, level, name, province_code, parent_code, n_members, membership_note, has_geometry
SELECT t.code, t.level, t.name, t.province_code, t.parent_code, t.n_members, t.membership_note,
       g.code IS NOT NULL AS has_geometry
FROM territory t
LEFT JOIN territory_geometry g ON g.code = t.code
ORDER BY list_position($levels, t.level),
         t.name;
