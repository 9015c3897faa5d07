-- indicator_series.sql — one indicator for one territory, every year with data.
-- Used by: tendenze, confronta, spesa, fonti, panoramica, cli
-- Parameters: $indicator (catalogue id), $territory
-- Returns: year, ref_date, value, numerator, denominator, status, source_id, source_name,
--          parts_with_data, parts_total, note, origin, flag (flags.sql: 'unreliable', 'check', NULL)
SELECT o.year, o.ref_date, o.value, o.numerator, o.denominator, o.status, o.source_id,
       s.name_it AS source_name, o.parts_with_data, o.parts_total, o.note, o.origin, o.flag
FROM observation o
JOIN source s USING (source_id)
WHERE o.indicator_id = $indicator AND o.territory_code = $territory
ORDER BY o.year;
