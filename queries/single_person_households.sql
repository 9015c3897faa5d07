-- single_person_households.sql — one-person households where real data exists: the ISTAT permanent
-- census (province of Brescia, 2020-2024) and the Milan city register (NIL and city, 2011-2024,
-- with people 80+ living alone). Elsewhere it returns no rows: the page says "no data".
-- Parameters: $territory
-- Returns: year, indicator_id, value, numerator, denominator, status, source_id, ref_date
SELECT year, indicator_id, value, numerator, denominator, status, source_id, ref_date
FROM observation
WHERE territory_code = $territory
  AND indicator_id IN ('one_person_households_share', 'reg_one_person_households_share', 'reg_80_plus_living_alone_share')
ORDER BY indicator_id, year;
