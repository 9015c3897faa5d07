-- social_spending.sql — OpenCivitas "sociale e asili nido": spending per head against standard need
-- per head, 2018-2022 (no 2020). Groups are Σ spending / Σ population of their comuni; comuni whose
-- spending the source marks "not evaluated" are left out and counted in parts_with_data.
-- Used by: spesa
-- Parameters: $territory
-- Returns: year, spending_per_capita, need_per_capita, spending_vs_need, spending_eur, population,
--          parts_with_data, parts_total
SELECT year,
       max(value) FILTER (WHERE indicator_id = 'social_spending_per_capita') AS spending_per_capita,
       max(value) FILTER (WHERE indicator_id = 'social_need_per_capita') AS need_per_capita,
       max(value) FILTER (WHERE indicator_id = 'social_spending_vs_need') AS spending_vs_need,
       max(numerator) FILTER (WHERE indicator_id = 'social_spending_per_capita') AS spending_eur,
       max(denominator) FILTER (WHERE indicator_id = 'social_spending_per_capita') AS population,
       max(parts_with_data) FILTER (WHERE indicator_id = 'social_spending_per_capita') AS parts_with_data,
       max(parts_total) FILTER (WHERE indicator_id = 'social_spending_per_capita') AS parts_total
FROM observation
WHERE territory_code = $territory
  AND indicator_id IN ('social_spending_per_capita', 'social_need_per_capita', 'social_spending_vs_need')
GROUP BY year
ORDER BY year;
