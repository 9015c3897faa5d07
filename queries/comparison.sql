-- comparison.sql — the planner's comparison: for each chosen territory and each wanted indicator, the
-- territory's latest value with its year, its rank among the chosen territories whose latest value is of the
-- same year (1 = highest, whatever the indicator's polarity; values of different years are not ranked together) and, for a comune, its rank among the comuni of its province with a
-- value in that same year. A territory without a value for an indicator still gets a row (value NULL).
-- A flagged value (flags.sql: 'unreliable', 'check') is listed with its flag but gets no rank and is not
-- counted among the ranked (chosen_ranked, province_ranked), as in distribution.sql.
-- Used by: confronta
-- Parameters: $territories (list of territory codes), $indicators (list of catalogue ids)
-- Returns: indicator_id, territory_code, territory_name, territory_level, year, value, status, flag,
--          source_id, rank_chosen, chosen_ranked, province_code, rank_province, province_ranked
WITH chosen AS (
    SELECT t.code, t.name, t.level FROM territory t WHERE list_contains($territories::VARCHAR[], t.code)
),
wanted AS (
    SELECT i.id AS indicator_id FROM indicator i WHERE list_contains($indicators::VARCHAR[], i.id)
),
latest AS (
    SELECT o.indicator_id, o.territory_code, o.year, o.value, o.status, o.flag, o.source_id
    FROM observation o
    JOIN chosen c ON c.code = o.territory_code
    JOIN wanted w ON w.indicator_id = o.indicator_id
    WHERE o.value IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY o.indicator_id, o.territory_code ORDER BY o.year DESC) = 1
),
grid AS (
    SELECT w.indicator_id, c.code AS territory_code, c.name AS territory_name, c.level AS territory_level,
           l.year, l.value, l.status, l.flag, l.source_id, l.value IS NOT NULL AND l.flag IS NULL AS ranked
    FROM wanted w CROSS JOIN chosen c
    LEFT JOIN latest l ON l.indicator_id = w.indicator_id AND l.territory_code = c.code
),
ranked AS (
    SELECT *,
           count(*) FILTER (WHERE ranked) OVER (PARTITION BY indicator_id, year) AS chosen_ranked
    FROM grid
),
-- alone in its year: nothing to rank against, no rank (the page says why, the download leaves it blank)
ranked_in_year AS (
    SELECT * REPLACE (CASE WHEN ranked AND chosen_ranked > 1 THEN chosen_ranked END AS chosen_ranked),
           CASE WHEN ranked AND chosen_ranked > 1
                THEN rank() OVER (PARTITION BY indicator_id, ranked, year ORDER BY value DESC) END AS rank_chosen
    FROM ranked
),
-- every comune of the provinces of the chosen comuni, ranked within its province, indicator and year
province_field AS (
    SELECT o.indicator_id, l.parent_code AS province_code, o.territory_code, o.year,
           rank() OVER (PARTITION BY o.indicator_id, l.parent_code, o.year ORDER BY o.value DESC) AS rank_province,
           count(*) OVER (PARTITION BY o.indicator_id, l.parent_code, o.year) AS province_ranked
    FROM observation o
    JOIN territory_link l ON l.child_code = o.territory_code AND l.relation = 'provincia'
    JOIN territory m ON m.code = o.territory_code AND m.level = 'comune'
    JOIN wanted w ON w.indicator_id = o.indicator_id
    WHERE o.value IS NOT NULL AND o.flag IS NULL
      AND l.parent_code IN (SELECT p.parent_code FROM territory_link p JOIN chosen c ON c.code = p.child_code
                            WHERE p.relation = 'provincia' AND c.level = 'comune')
)
SELECT r.indicator_id, r.territory_code, r.territory_name, r.territory_level, r.year, r.value, r.status, r.flag,
       r.source_id, r.rank_chosen, r.chosen_ranked, p.province_code, p.rank_province, p.province_ranked
FROM ranked_in_year r
LEFT JOIN province_field p ON r.ranked AND r.territory_level = 'comune' AND p.indicator_id = r.indicator_id
                          AND p.territory_code = r.territory_code AND p.year = r.year
ORDER BY r.indicator_id, list_position($territories::VARCHAR[], r.territory_code);
