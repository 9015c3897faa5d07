-- glance_names.sql — every territory's name as stored (Italian): cruscotto/glance.py turns it into the language
-- it is asked for, which may not be the reader's (data.query names territories in the reader's language).
-- Used by: panoramica
-- Parameters: none
-- Returns: code, name_as_stored
SELECT code, name AS name_as_stored FROM territory ORDER BY code;
