-- local_area_spending.sql — social spending by ISTAT area from planners' data (the Cremona plan's table), every
-- loaded year: per area its spending, the part of it managed jointly (in association), its share of the spending
-- of all areas loaded, spending per resident and per resident of the area's target population; per year the
-- total, the share managed jointly and the total per resident. Figures from cruscotto/local/sql/derive.sql (ids
-- local_area_*, local_spending_*, local_associated_share); a figure that could not be computed (a blank in the
-- data, or an ambito's rows covering too few of its comuni) is NULL, never zero. An area's spending and its part
-- managed jointly are an ambito's only when its rows cover the whole ambito: they are taken from figures that rest
-- on the whole unit (no note "parts").
-- Used by: spesa
-- Parameters: $territory
-- Returns: year, area, spending_eur, associated_eur, associated_pct, share_pct, per_resident, per_target,
--          target_residents, total_eur, associated_share_pct, total_per_resident, residents, status, flag,
--          notes (the stored notes of the area's figures, a list), total_note, associated_note, source_id,
--          source_name
WITH mine AS (
    SELECT o.* FROM observation o
    WHERE o.territory_code = $territory
      AND (o.indicator_id LIKE 'local\_area\_%' ESCAPE '\' OR o.indicator_id IN
           ('local_spending_total', 'local_associated_share', 'local_spending_per_resident'))
),
area_rows AS (
    SELECT year, regexp_extract(indicator_id, '^local_area_(share|associated|per_resident|per_target)_(.+)$', 1) AS measure,
           regexp_extract(indicator_id, '^local_area_(share|associated|per_resident|per_target)_(.+)$', 2) AS area,
           value, numerator, denominator, status, flag, note, source_id,
           coalesce(note, '') NOT LIKE '%"code": "parts"%' AS whole
    FROM mine WHERE indicator_id LIKE 'local\_area\_%' ESCAPE '\'
),
areas AS (
    SELECT year, area,
           -- the area's spending is the numerator of each of its spending figures (the same sum of the same rows)
           any_value(numerator) FILTER (measure IN ('share', 'per_resident', 'per_target') AND whole) AS spending_eur,
           any_value(numerator) FILTER (measure = 'associated') AS associated_eur,
           any_value(value) FILTER (measure = 'associated') AS associated_pct,
           any_value(value) FILTER (measure = 'share') AS share_pct,
           any_value(value) FILTER (measure = 'per_resident') AS per_resident,
           any_value(value) FILTER (measure = 'per_target') AS per_target,
           any_value(denominator) FILTER (measure = 'per_target') AS target_residents,
           CASE WHEN bool_or(status = 'provisional') THEN 'provisional' ELSE 'final' END AS status,
           coalesce(any_value(flag) FILTER (measure = 'share'), any_value(flag) FILTER (measure = 'per_resident')) AS flag,
           list(DISTINCT note ORDER BY note) FILTER (note IS NOT NULL) AS notes,
           any_value(source_id) AS source_id
    FROM area_rows GROUP BY year, area
),
totals AS (
    SELECT year,
           any_value(value) FILTER (indicator_id = 'local_spending_total') AS total_eur,
           any_value(value) FILTER (indicator_id = 'local_associated_share') AS associated_share_pct,
           any_value(value) FILTER (indicator_id = 'local_spending_per_resident') AS total_per_resident,
           any_value(denominator) FILTER (indicator_id = 'local_spending_per_resident') AS residents,
           any_value(note) FILTER (indicator_id = 'local_spending_total') AS total_note,
           any_value(note) FILTER (indicator_id = 'local_associated_share') AS associated_note,
           CASE WHEN bool_or(status = 'provisional') THEN 'provisional' ELSE 'final' END AS total_status,
           any_value(source_id) AS source_id
    FROM mine WHERE indicator_id IN ('local_spending_total', 'local_associated_share', 'local_spending_per_resident')
    GROUP BY year
)
SELECT a.year, a.area, a.spending_eur, a.associated_eur, a.associated_pct, a.share_pct, a.per_resident, a.per_target,
       a.target_residents, t.total_eur, t.associated_share_pct, t.total_per_resident, t.residents, a.status,
       t.total_status, a.flag, a.notes, t.total_note, t.associated_note, a.source_id, s.name_it AS source_name
FROM areas a
LEFT JOIN totals t ON t.year = a.year
JOIN source s ON s.source_id = a.source_id
ORDER BY a.year, a.share_pct DESC NULLS LAST, a.spending_eur DESC NULLS LAST, a.area;
