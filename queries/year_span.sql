-- year_span.sql — the first and last year with data in the whole database.
-- Used by: dati-aperti
-- Parameters: none
-- Returns: first_year, last_year
SELECT min(year) AS first_year, max(year) AS last_year FROM observation;
