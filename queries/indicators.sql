-- indicators.sql — the indicator catalogue with what the database holds for each indicator.
-- Used by: dati-aperti, cli
-- Parameters: none
-- Returns: catalogue columns, first_year, last_year, territories, sources
WITH held AS (
    SELECT indicator_id, min(year) AS first_year, max(year) AS last_year,
           count(DISTINCT territory_code) AS territories,
           string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources
    FROM observation GROUP BY indicator_id
)
SELECT i.*, h.first_year, h.last_year, coalesce(h.territories, 0) AS territories, h.sources
FROM indicator i LEFT JOIN held h ON h.indicator_id = i.id
ORDER BY i.topic, i.id;
