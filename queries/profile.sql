-- profile.sql — the latest value of every indicator for a territory, beside the same year's value
-- for each of its benchmarks, with the counts needed for confidence intervals.
-- Used by: panoramica, tendenze, cli, server
-- Parameters: $territory
-- Returns: indicator_id, year, territory_code, territory_name, is_self, rank, value, numerator,
--          denominator, status, source_id, source_name, ref_date, note, parts_with_data, parts_total,
--          flag (see cruscotto/build/sql/flags.sql)
WITH latest AS (
    SELECT indicator_id, max(year) AS year FROM observation WHERE territory_code = $territory GROUP BY indicator_id
),
wanted AS (
    SELECT $territory AS code, -1 AS rank, TRUE AS is_self
    UNION ALL
    SELECT benchmark_code, rank, FALSE FROM benchmark WHERE territory_code = $territory
)
SELECT l.indicator_id, l.year, w.code AS territory_code, t.name AS territory_name, w.is_self, w.rank,
       o.value, o.numerator, o.denominator, o.status, o.source_id, s.name_it AS source_name, o.ref_date,
       o.note, o.parts_with_data, o.parts_total, o.flag
FROM latest l
CROSS JOIN wanted w
JOIN territory t ON t.code = w.code
JOIN observation o ON o.indicator_id = l.indicator_id AND o.territory_code = w.code AND o.year = l.year
JOIN source s ON s.source_id = o.source_id
ORDER BY l.indicator_id, w.rank;
