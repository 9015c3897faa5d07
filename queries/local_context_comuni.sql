-- local_context_comuni.sql — the current comuni a planner's upload may name (checking uploads, cruscotto/local/context.py).
-- Used by: carica, cli
-- Parameters: none
-- Returns: code, name, province_code
SELECT code, name, province_code
FROM territory
WHERE level = 'comune'
ORDER BY code;
