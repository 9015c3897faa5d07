-- local_coverage.sql — coverage of need from planners' data: for a territory, every local coverage indicator
-- (users or places per 100 of the target population, or per 10.000 residents; ids local_coverage_* and
-- local_places_*) at its latest year, beside the same year's value of each benchmark that has it (its ambito,
-- province, region), and, for an ambito, its rank among the ambiti with a value that year (1 = highest; a
-- flagged value gets no rank and is not counted, as in comparison.sql). An ambito has a figure only where
-- derive.sql's rule gives one (rows of 90% of its comuni, or its own row); local_ambito_gaps.sql says where not.
-- Used by: panoramica
-- Parameters: $territory
-- Returns: indicator_id, year, territory_code, territory_name, territory_level, is_self, relation, position,
--          value, numerator, denominator, status, flag, note, source_id, source_name, ref_date,
--          ambito_rank, ambiti_ranked
WITH coverage AS (
    SELECT id AS indicator_id FROM indicator
    WHERE id LIKE 'local\_coverage\_%' ESCAPE '\' OR id LIKE 'local\_places\_%' ESCAPE '\'
),
latest AS (
    SELECT o.indicator_id, max(o.year) AS year
    FROM observation o JOIN coverage c USING (indicator_id)
    WHERE o.territory_code = $territory AND o.value IS NOT NULL
    GROUP BY o.indicator_id
),
wanted AS (
    SELECT $territory AS code, TRUE AS is_self, NULL AS relation, -1 AS position
    UNION ALL
    SELECT benchmark_code, FALSE, relation, rank FROM benchmark WHERE territory_code = $territory
),
ambito_field AS (
    SELECT o.indicator_id, o.year, o.territory_code,
           rank() OVER (PARTITION BY o.indicator_id, o.year ORDER BY o.value DESC) AS ambito_rank,
           count(*) OVER (PARTITION BY o.indicator_id, o.year) AS ambiti_ranked
    FROM observation o
    JOIN latest l ON l.indicator_id = o.indicator_id AND l.year = o.year
    JOIN territory t ON t.code = o.territory_code AND t.level = 'ambito'
    WHERE o.value IS NOT NULL AND o.flag IS NULL
)
SELECT l.indicator_id, l.year, w.code AS territory_code, t.name AS territory_name, t.level AS territory_level,
       w.is_self, w.relation, w.position, o.value, o.numerator, o.denominator, o.status, o.flag, o.note,
       o.source_id, s.name_it AS source_name, o.ref_date,
       CASE WHEN w.is_self THEN a.ambito_rank END AS ambito_rank,
       CASE WHEN w.is_self THEN a.ambiti_ranked END AS ambiti_ranked
FROM latest l
CROSS JOIN wanted w
JOIN territory t ON t.code = w.code
JOIN observation o ON o.indicator_id = l.indicator_id AND o.territory_code = w.code AND o.year = l.year
JOIN source s ON s.source_id = o.source_id
LEFT JOIN ambito_field a ON a.indicator_id = l.indicator_id AND a.year = l.year AND a.territory_code = w.code
ORDER BY l.indicator_id, w.position;
