-- aggregate.sql — the observation table at every level.
-- A group (provincia, regione, ambito, ASST, distretto) gets Σ numerator / Σ denominator over its
-- member comuni, never an average of rates. Counts ('sum') need every member; rates ('ratio') need
-- at least 90% of members, and the note says how many (code "parts" of data/catalogue/notes.csv).
-- Rows published at their own level (ISTAT series, NIL, Municipi) are kept where no aggregate exists.
-- A comune whose figure is missing (table missing_figure: a blank count) is simply not among the parts.

-- Figures the build left out and why (BuildContext.add_missing_figures); empty when no step wrote any.
CREATE TABLE IF NOT EXISTS missing_figure (indicator_id VARCHAR, territory_code VARCHAR, year INTEGER, note VARCHAR);

CREATE OR REPLACE TABLE observation AS
WITH members AS (
    SELECT l.parent_code AS group_code, l.child_code AS comune_code
    FROM territory_link l
    JOIN territory c ON c.code = l.child_code AND c.level = 'comune'
    WHERE list_contains(getvariable('group_levels'), l.relation)
),
-- A group whose member list is known to be incomplete (membership_complete = false: ASST, distretti) has no
-- total: its figures are sums over the comuni known to belong to it, and say so (note "parts_known").
group_size AS (
    SELECT m.group_code, count(*) AS parts_total, bool_and(coalesce(g.membership_complete, TRUE)) AS complete
    FROM members m LEFT JOIN territory g ON g.code = m.group_code
    GROUP BY m.group_code
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
-- A note that every part carries (e.g. "census of 9 October 2011") is the aggregate's note too; notes of some
-- parts only (a merger, a renamed code) stay on those parts.
shared_notes AS (
    SELECT carried.indicator_id, carried.group_code, carried.year, carried.source_id,
           '[' || string_agg(carried.item, ', ' ORDER BY carried.item) || ']' AS note
    FROM (
        SELECT b.indicator_id, m.group_code, b.year, b.source_id, item::VARCHAR AS item,
               count(DISTINCT b.territory_code) AS carried_by
        FROM observation_base b
        JOIN members m ON m.comune_code = b.territory_code
        CROSS JOIN unnest(from_json(b.note::VARCHAR, '["JSON"]')) AS notes(item)
        WHERE b.note IS NOT NULL AND b.numerator IS NOT NULL
        GROUP BY ALL
    ) carried
    JOIN aggregated a ON a.indicator_id = carried.indicator_id AND a.territory_code = carried.group_code
                     AND a.year = carried.year AND a.source_id = carried.source_id
    WHERE carried.carried_by = a.parts_with_data
    GROUP BY ALL
),
kept AS (
    SELECT a.*, g.parts_total, g.complete, i.aggregation, i.multiplier, n.note AS shared_note,
           CASE WHEN NOT g.complete
                THEN '{"code": "parts_known", "have": ' || a.parts_with_data || ', "known": ' || g.parts_total || '}'
                WHEN a.parts_with_data < g.parts_total
                THEN '{"code": "parts", "have": ' || a.parts_with_data || ', "total": ' || g.parts_total || '}'
           END AS parts_note
    FROM aggregated a
    JOIN group_size g ON g.group_code = a.territory_code
    JOIN indicator i ON i.id = a.indicator_id
    LEFT JOIN shared_notes n ON n.indicator_id = a.indicator_id AND n.group_code = a.territory_code
                            AND n.year = a.year AND n.source_id = a.source_id
    WHERE (i.aggregation = 'sum' AND a.parts_with_data = g.parts_total)
       OR (i.aggregation = 'ratio' AND a.parts_with_data >= ceil(0.9 * g.parts_total))
)
SELECT indicator_id, territory_code, year, ref_date,
       CASE aggregation WHEN 'ratio' THEN numerator / denominator * multiplier ELSE numerator END AS value,
       numerator, denominator, status, source_id, parts_with_data, CASE WHEN complete THEN parts_total END AS parts_total,
       CASE WHEN parts_note IS NULL THEN shared_note
            WHEN shared_note IS NULL THEN '[' || parts_note || ']'
            ELSE rtrim(shared_note, ']') || ', ' || parts_note || ']' END AS note,
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
       b.ref_date AS published_ref_date, o.value AS aggregated_value, o.status AS aggregated_status,
       o.ref_date AS aggregated_ref_date
FROM observation_base b
JOIN observation o ON o.indicator_id = b.indicator_id AND o.territory_code = b.territory_code
                  AND o.year = b.year AND o.origin = 'aggregated'
WHERE b.value IS NOT NULL;
