-- care_places.sql — coverage of need for older people: RSA, CDI and protected-housing places per
-- 100 residents aged 75+ (regional registers, snapshot 2026; residents 75+ ISTAT 1/1/2023).
-- Parameters: $territory
-- Returns: indicator_id, year, value, places, residents_75_plus, status, note
SELECT indicator_id, year, value, numerator AS places, denominator AS residents_75_plus, status, note
FROM observation
WHERE territory_code = $territory
  AND indicator_id IN ('rsa_places_per_100_75plus', 'cdi_places_per_100_75plus', 'protected_housing_places_per_100_75plus')
ORDER BY indicator_id;
