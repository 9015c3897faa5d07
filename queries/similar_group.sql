-- similar_group.sql — the similar comuni's figure as one group, per rate indicator: the sum of the
-- neighbours' numerators over the sum of their denominators (times the multiplier), at the year of the
-- comune's own latest figure and from the same source; only rates whose neighbours publish the counts,
-- and, like every sum of comuni (cruscotto/build/sql/aggregate.sql), only with at least 90% of them
-- (the note says "dati per 9 dei 10 comuni" when one is missing).
-- Used by: panoramica, confronta, cli, server
-- Parameters: $territory
-- Returns: indicator_id, year, value, numerator, denominator, parts_with_data, parts_total, status,
--          source_id, source_name, ref_date, note
WITH own AS (  -- the comune's latest figure of each indicator
    SELECT indicator_id, year, source_id
    FROM observation
    WHERE territory_code = $territory
    QUALIFY year = max(year) OVER (PARTITION BY indicator_id)
),
neighbour AS (
    SELECT neighbour_code AS code FROM similar_comune WHERE comune_code = $territory
),
counted AS (  -- the neighbours' figures of that year and source that carry both counts
    SELECT own.indicator_id, own.year, own.source_id, o.numerator, o.denominator, o.status, o.ref_date
    FROM own
    JOIN indicator i ON i.id = own.indicator_id AND i.aggregation = 'ratio'
    JOIN observation o ON o.indicator_id = own.indicator_id AND o.year = own.year AND o.source_id = own.source_id
    JOIN neighbour n ON n.code = o.territory_code
    WHERE o.numerator IS NOT NULL AND o.denominator IS NOT NULL
)
SELECT c.indicator_id, c.year,
       sum(c.numerator) / sum(c.denominator) * any_value(i.multiplier) AS value,
       sum(c.numerator) AS numerator, sum(c.denominator) AS denominator,
       count(*) AS parts_with_data, (SELECT count(*) FROM neighbour) AS parts_total,
       CASE WHEN bool_or(c.status = 'provisional') THEN 'provisional' ELSE 'final' END AS status,
       c.source_id, any_value(s.name_it) AS source_name, min(c.ref_date) AS ref_date,
       CASE WHEN count(*) < (SELECT count(*) FROM neighbour)
            THEN json_array(json_object('code', 'parts', 'have', count(*),
                                        'total', (SELECT count(*) FROM neighbour)))::VARCHAR
       END AS note
FROM counted c
JOIN indicator i ON i.id = c.indicator_id
JOIN source s ON s.source_id = c.source_id
GROUP BY c.indicator_id, c.year, c.source_id
HAVING sum(c.denominator) > 0 AND count(*) >= ceil(0.9 * (SELECT count(*) FROM neighbour))
ORDER BY c.indicator_id;
