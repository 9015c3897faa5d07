-- local_context_ambiti.sql — official ambito membership (public acts): one row per member comune.
-- Ambiti known only from ISTAT's list of districts (note membership_istat_only) have no official members, and
-- those whose membership planners loaded (note membership_local, added by cruscotto/local/layer.py) are not official.
-- Used by: carica, cli
-- Parameters: none
-- Returns: comune_code, ambito_code, ambito_name
SELECT l.child_code AS comune_code, l.parent_code AS ambito_code, t.name AS ambito_name
FROM territory_link l
JOIN territory t ON t.code = l.parent_code AND t.level = 'ambito'
WHERE l.relation = 'ambito'
  AND coalesce(t.membership_note, '') NOT LIKE '%membership_istat_only%'
  AND coalesce(t.membership_note, '') NOT LIKE '%membership_local%'
ORDER BY l.parent_code, l.child_code;
