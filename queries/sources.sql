-- sources.sql — the source register, with the date the database was built from it.
-- Parameters: none
-- Returns: source register columns, loaded_at, observations
WITH held AS (SELECT source_id, count(*) AS observations FROM observation GROUP BY source_id)
SELECT s.*, (SELECT max(built_at) FROM build_info) AS loaded_at, coalesce(h.observations, 0) AS observations
FROM source s LEFT JOIN held h USING (source_id)
ORDER BY s.publisher, s.source_id;
