-- trend_series.sql — every indicator's yearly series for one territory: what a recent trend is tested on.
-- Used by: panoramica, tendenze, server, cli
-- Parameters: $territory
-- Returns: indicator_id, year, value, numerator, denominator, source_id, parts_with_data, parts_total
--          (one query per territory instead of one per card: a profile shows some thirty indicators)
SELECT indicator_id, year, value, numerator, denominator, source_id, parts_with_data, parts_total
FROM observation
WHERE territory_code = $territory
ORDER BY indicator_id, year;
