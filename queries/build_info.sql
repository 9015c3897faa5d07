-- build_info.sql — when the database was built, and from which raw folder.
-- Used by: every page, cli, server
-- Parameters: none
-- Returns: built_at (ISO 8601 text), raw_dir
SELECT strftime(timezone('UTC', max(built_at)), '%Y-%m-%dT%H:%M:%SZ') AS built_at, any_value(raw_dir) AS raw_dir FROM build_info;
