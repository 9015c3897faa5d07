-- similar_available.sql — whether the database holds the similar comuni (a database built before them, kept
-- in service while a rebuild fails, does not): the pages then say so instead of failing.
-- Used by: panoramica, confronta, mappa, cli, server
-- Parameters: none
-- Returns: available (the three similar_* tables exist)
SELECT count(DISTINCT table_name) = 3 AS available
FROM information_schema.tables
WHERE table_name IN ('similar_feature', 'similar_feature_value', 'similar_comune');
