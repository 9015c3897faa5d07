-- local_indicators.sql — the indicators computed from data that Uffici di Piano loaded (ids local_*),
-- with the catalogue's columns; empty when nothing is loaded. The official catalogue is
-- data/catalogue/indicators.csv; these come from cruscotto/local/sql/derive.sql.
-- Used by: every page, cli, server
-- Parameters: none
-- Returns: the columns of the indicator table
SELECT * FROM indicator WHERE id LIKE 'local\_%' ESCAPE '\' ORDER BY topic, id;
