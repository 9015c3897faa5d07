-- local_ambito_gaps.sql — for an ambito that loaded services or spending by area: how many of its member comuni
-- each one's rows cover in the latest year loaded, and which of the ambito's own figures exist that year, so a
-- page can say why a figure is missing ("dati per 4 degli 8 comuni"). The rule that decides is derive.sql's
-- (cruscotto/local/sql/derive.sql: a rate needs 90% of the members, a count or an area's part of the whole
-- needs all of them, a row at the ambito's own code covers the whole ambito); this only reports what it left.
-- Used by: panoramica, spesa
-- Parameters: $territory (an ambito's code; any other territory gives no rows)
-- Returns: kind ('service' | 'area'), subject (service or area code), year, have (member comuni whose rows give
--          users, or spending for an area), total (member comuni), joint (a row at the ambito's code),
--          has_rate (coverage of the service, or the area's spending per resident), has_count (users of the
--          service, or the area's share of the total: the figures that need every member)
WITH members AS (
    SELECT DISTINCT child_code AS code FROM territory_link WHERE parent_code = $territory AND relation = 'ambito'
),
loaded AS (
    SELECT 'service' AS kind, service AS subject, year, territory_code, users AS amount
    FROM local_service WHERE ambito_code = $territory
    UNION ALL
    SELECT 'area', area, year, territory_code, spending_eur FROM local_area_spending WHERE ambito_code = $territory
),
mine AS (
    SELECT * FROM loaded WHERE territory_code = $territory OR territory_code IN (SELECT code FROM members)
),
latest AS (
    SELECT kind, subject, max(year) AS year FROM mine GROUP BY kind, subject
),
counted AS (
    SELECT m.kind, m.subject, m.year,
           count(DISTINCT m.territory_code) FILTER (m.territory_code <> $territory AND m.amount IS NOT NULL) AS have,
           bool_or(m.territory_code = $territory) AS joint
    FROM mine m JOIN latest l ON l.kind = m.kind AND l.subject = m.subject AND l.year = m.year
    GROUP BY m.kind, m.subject, m.year
)
SELECT c.kind, c.subject, c.year, c.have, (SELECT count(*) FROM members) AS total, c.joint,
       EXISTS (SELECT 1 FROM observation o WHERE o.territory_code = $territory AND o.year = c.year
               AND o.indicator_id = CASE c.kind WHEN 'service' THEN 'local_coverage_'
                                                ELSE 'local_area_per_resident_' END || c.subject) AS has_rate,
       EXISTS (SELECT 1 FROM observation o WHERE o.territory_code = $territory AND o.year = c.year
               AND o.indicator_id = CASE c.kind WHEN 'service' THEN 'local_users_'
                                                ELSE 'local_area_share_' END || c.subject) AS has_count
FROM counted c
ORDER BY c.kind, c.subject;
