-- distribution.sql — how the comuni of a group (ambito, provincia, …) spread on one indicator in one
-- year: every member comune's value with its rank (1 = highest value), for min/median/max and ranking.
-- A flagged value (flags.sql: 'unreliable', 'check') is listed with its flag but gets no rank and is
-- not counted in members_ranked, so a handful of people cannot top or tail the ranking.
-- Used by: confronta, spesa
-- Parameters: $indicator, $group (territory code of the group), $year
-- Returns: code, name, value, status, flag, rank, members_ranked, members_with_data, members
WITH members AS (
    SELECT l.child_code AS code FROM territory_link l JOIN territory c ON c.code = l.child_code
    WHERE l.parent_code = $group AND c.level = 'comune'
),
valued AS (
    SELECT m.code, t.name, o.value, o.status, o.flag, o.value IS NOT NULL AND o.flag IS NULL AS ranked
    FROM members m JOIN territory t ON t.code = m.code
    LEFT JOIN observation o ON o.territory_code = m.code AND o.indicator_id = $indicator AND o.year = $year
)
SELECT code, name, value, status, flag,
       CASE WHEN ranked THEN rank() OVER (PARTITION BY ranked ORDER BY value DESC) END AS rank,
       count(*) FILTER (WHERE ranked) OVER () AS members_ranked,
       count(value) OVER () AS members_with_data, count(*) OVER () AS members
FROM valued
ORDER BY value DESC NULLS LAST, name;
