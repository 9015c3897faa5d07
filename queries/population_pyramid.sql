-- population_pyramid.sql — residents by 5-year age band and sex, 2022 (final) and 2023 (provisional).
-- A group sums the counts of its comuni. Milan's Municipi and NIL have no age data: no rows.
-- Used by: tendenze
-- Parameters: $territory ($group_levels: bound by cruscotto/db.py from cruscotto/levels.py)
-- Returns: year, band, band_start, sex, count, status
WITH comuni AS (
    SELECT code FROM territory WHERE code = $territory AND level = 'comune'
    UNION ALL
    SELECT l.child_code FROM territory_link l JOIN territory c ON c.code = l.child_code AND c.level = 'comune'
    WHERE l.parent_code = $territory AND list_contains($group_levels, l.relation)
)
SELECT a.year, a.band, a.band_start, a.sex, sum(a.count) AS count,
       CASE WHEN bool_or(a.status = 'provisional') THEN 'provisional' ELSE 'final' END AS status
FROM population_age_band a JOIN comuni c ON c.code = a.comune_code
GROUP BY a.year, a.band, a.band_start, a.sex
ORDER BY a.year, a.band_start, a.sex;
