-- glance.sql — the at-a-glance rows of a territory: per headline indicator its latest figure and, for that
-- indicator and year, how its peers spread (every territory of its level; the region's peers are its comuni)
-- and each benchmark's figure (benchmark table: Milano, ambito, ASST, province, region).
-- A flagged peer value (flags.sql: a handful of people, a suspect jump) is left out of the spread, as from
-- rankings (distribution.sql). A count (aggregation 'sum') has no spread when the peers are of another level
-- (the region's residents against its comuni's), since a larger area's count is off any scale of smaller ones.
-- A spread needs at least 2 peers (Milano alone has the city register's figures): with fewer, peers_n is 0 and
-- the spread columns NULL, so the page, the chart and the PDF all show "no spread" (the one place of this rule).
-- Used by: panoramica, cli
-- Parameters: $territory ($region_code: bound by cruscotto/db.py from cruscotto/levels.py)
-- Returns: indicator_id, year, territory_code, name_as_stored (Italian, whatever the reader's language),
--          relation ('self' for the territory), rank, value, numerator, denominator, status, source_id,
--          ref_date, note, flag, peer_level, peers_n, p_min, p25, p50, p75, p_max (the spread columns repeat on
--          every row of an indicator)
WITH me AS (
    SELECT code, level, CASE WHEN code = $region_code THEN 'comune' ELSE level END AS peer_level
    FROM territory WHERE code = $territory
),
latest AS (
    SELECT o.indicator_id, max(o.year) AS year
    FROM observation o JOIN indicator i ON i.id = o.indicator_id AND i.headline
    WHERE o.territory_code = $territory AND o.value IS NOT NULL
    GROUP BY o.indicator_id
),
spread AS (
    SELECT l.indicator_id, count(o.value) AS peers_n, min(o.value) AS p_min,
           quantile_cont(o.value, 0.25) AS p25, quantile_cont(o.value, 0.5) AS p50,
           quantile_cont(o.value, 0.75) AS p75, max(o.value) AS p_max
    FROM latest l
    JOIN indicator i ON i.id = l.indicator_id
    CROSS JOIN me
    JOIN territory p ON p.level = me.peer_level
    JOIN observation o ON o.territory_code = p.code AND o.indicator_id = l.indicator_id AND o.year = l.year
    WHERE o.value IS NOT NULL AND o.flag IS NULL AND NOT (i.aggregation = 'sum' AND me.peer_level <> me.level)
    GROUP BY l.indicator_id
    HAVING count(o.value) >= 2
),
wanted AS (
    SELECT $territory AS code, 'self' AS relation, -1 AS rank
    UNION ALL
    SELECT benchmark_code, relation, rank FROM benchmark WHERE territory_code = $territory
)
SELECT l.indicator_id, l.year, w.code AS territory_code, t.name AS name_as_stored, w.relation, w.rank,
       o.value, o.numerator, o.denominator, o.status, o.source_id, o.ref_date, o.note, o.flag,
       me.peer_level, coalesce(s.peers_n, 0) AS peers_n, s.p_min, s.p25, s.p50, s.p75, s.p_max
FROM latest l
CROSS JOIN wanted w
CROSS JOIN me
JOIN territory t ON t.code = w.code
JOIN observation o ON o.indicator_id = l.indicator_id AND o.territory_code = w.code AND o.year = l.year
LEFT JOIN spread s ON s.indicator_id = l.indicator_id
WHERE o.value IS NOT NULL
ORDER BY l.indicator_id, w.rank;
