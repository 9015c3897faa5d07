-- local_membership_conflicts.sql — where a membership loaded by an Ufficio di Piano disagrees with the
-- official one (data/raw/geo/comuni_ambiti*.csv) or with another loaded list; nothing is resolved
-- silently: cruscotto/local/derive.py keeps the official list of an ambito it has, counts a comune in
-- the loaded ambito when the official list puts it elsewhere, and lets the earlier upload keep a comune
-- two uploads claim.
-- Used by: panoramica
-- Parameters: $ambito (territory code of an ambito: the conflicts of its own list and claims on its comuni)
-- Returns: comune_code, comune_name, ambito_code, ambito_name, conflict, other_ambito, other_name, applied,
--          version, loaded_at
SELECT m.comune_code, c.name AS comune_name, m.ambito_code, coalesce(a.name, m.ambito_name) AS ambito_name,
       m.conflict, m.other_ambito, o.name AS other_name, m.applied, m.version, u.loaded_at
FROM local_membership m
LEFT JOIN territory c ON c.code = m.comune_code
LEFT JOIN territory a ON a.code = m.ambito_code
LEFT JOIN territory o ON o.code = m.other_ambito
LEFT JOIN local_upload u ON u.version = m.version
WHERE m.conflict IS NOT NULL AND (m.ambito_code = $ambito OR m.other_ambito = $ambito)
ORDER BY m.conflict, c.name;
