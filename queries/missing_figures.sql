-- missing_figures.sql — the figures the build left out for a territory, and why: a count the source left
-- blank (cruscotto/build/care.py) or a source row that contradicts itself (cruscotto/build/milano.py).
-- Used by: panoramica, tendenze
-- Parameters: $territory
-- Returns: indicator_id, year, note (stored note: cruscotto/notes.py)
SELECT indicator_id, year, note
FROM missing_figure
WHERE territory_code = $territory
ORDER BY indicator_id, year;
