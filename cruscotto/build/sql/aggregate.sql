-- aggregate.sql — the observation table at every level.
-- A group (provincia, regione, ambito, ASST, distretto) gets Σ numerator / Σ denominator over its
-- member comuni, never an average of rates. Counts ('sum') need every member; rates ('ratio') need
-- at least 90% of members, and the note says how many (code "parts" of data/catalogue/notes.csv).
-- Rows published at their own level (ISTAT series, NIL, Municipi) are kept where no aggregate exists.
CREATE OR REPLACE TABLE observation AS
WITH members AS (
    SELECT l.parent_code AS group_code, l.child_code AS comune_code
    FROM territory_link l
    JOIN territory c ON c.code = l.child_code AND c.level = 'comune'
    WHERE l.relation IN ('provincia', 'regione', 'ambito', 'asst', 'distretto')
),
group_size AS (
    SELECT group_code, count(*) AS parts_total FROM members GROUP BY group_code
),
aggregated AS (
    SELECT b.indicator_id, m.group_code AS territory_code, b.year, min(b.ref_date) AS ref_date,
           sum(b.numerator) AS numerator, sum(b.denominator) AS denominator,
           CASE WHEN bool_or(b.status = 'provisional') THEN 'provisional' ELSE 'final' END AS status,
           b.source_id, count(*) AS parts_with_data
    FROM observation_base b
    JOIN members m ON m.comune_code = b.territory_code
    JOIN indicator i ON i.id = b.indicator_id
    WHERE i.aggregation IN ('sum', 'ratio') AND b.numerator IS NOT NULL
      AND (i.aggregation = 'sum' OR b.denominator > 0)
    GROUP BY b.indicator_id, m.group_code, b.year, b.source_id
),
kept AS (
    SELECT a.*, g.parts_total, i.aggregation, i.multiplier
    FROM aggregated a
    JOIN group_size g ON g.group_code = a.territory_code
    JOIN indicator i ON i.id = a.indicator_id
    WHERE (i.aggregation = 'sum' AND a.parts_with_data = g.parts_total)
       OR (i.aggregation = 'ratio' AND a.parts_with_data >= ceil(0.9 * g.parts_total))
)
SELECT indicator_id, territory_code, year, ref_date,
       CASE aggregation WHEN 'ratio' THEN numerator / denominator * multiplier ELSE numerator END AS value,
       numerator, denominator, status, source_id, parts_with_data, parts_total,
       CASE WHEN parts_with_data < parts_total
            THEN '[{"code": "parts", "have": ' || parts_with_data || ', "total": ' || parts_total || '}]' END AS note,
       'aggregated' AS origin
FROM kept
UNION ALL
SELECT b.indicator_id, b.territory_code, b.year, b.ref_date,
       coalesce(b.value, CASE i.aggregation
                             WHEN 'ratio' THEN b.numerator / nullif(b.denominator, 0) * i.multiplier
                             ELSE b.numerator END) AS value,
       b.numerator, b.denominator, b.status, b.source_id, NULL, NULL, b.note, 'source' AS origin
FROM observation_base b
JOIN indicator i ON i.id = b.indicator_id
WHERE NOT EXISTS (SELECT 1 FROM kept k
                  WHERE k.indicator_id = b.indicator_id AND k.territory_code = b.territory_code AND k.year = b.year);

-- Published values that an aggregate replaced, side by side, for the build's consistency check.
CREATE OR REPLACE TABLE published_vs_aggregated AS
SELECT b.indicator_id, b.territory_code, b.year, b.source_id AS published_source, b.value AS published_value,
       o.value AS aggregated_value, o.status AS aggregated_status
FROM observation_base b
JOIN observation o ON o.indicator_id = b.indicator_id AND o.territory_code = b.territory_code
                  AND o.year = b.year AND o.origin = 'aggregated'
WHERE b.value IS NOT NULL;
