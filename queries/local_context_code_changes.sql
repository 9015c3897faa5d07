-- local_context_code_changes.sql — codes of comuni merged or suppressed since 2002 and the current comune each became.
-- Used by: carica, cli
-- Parameters: none
-- Returns: old_code, current_code
SELECT DISTINCT old_code, current_code
FROM code_change
WHERE current_code IS NOT NULL AND old_code <> current_code
ORDER BY old_code;
