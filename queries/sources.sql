-- sources.sql — the source register, with the date each source was loaded: the build's date for the
-- official sources (data/catalogue/sources.csv), the latest upload for the data of an Ufficio di Piano
-- (sources 'local:<ambito>', cruscotto/local/sql/derive.sql).
-- Used by: panoramica, mappa, tendenze, confronta, spesa, dati-aperti, fonti, cli, server
-- Parameters: none
-- Returns: source register columns, loaded_at, observations
WITH held AS (SELECT source_id, count(*) AS observations FROM observation GROUP BY source_id),
uploaded AS (SELECT 'local:' || ambito_code AS source_id, max(loaded_at) AS loaded_at FROM local_upload GROUP BY 1)
SELECT s.* EXCLUDE (is_local),
       CASE WHEN s.is_local THEN timezone('UTC', u.loaded_at) ELSE (SELECT max(built_at) FROM build_info) END AS loaded_at,
       coalesce(h.observations, 0) AS observations
FROM source s LEFT JOIN held h USING (source_id) LEFT JOIN uploaded u USING (source_id)
ORDER BY s.publisher, s.source_id;
