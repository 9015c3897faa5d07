-- flags.sql — marks figures that readers should not take at face value; the value stays as published.
-- 'unreliable': a rate resting on a handful of people: fewer than $min_numerator in the numerator or
--   fewer than $min_denominator in the denominator, counting only the sides the catalogue says count
--   people (numerator_counts_people, denominator_counts_people; money and places are not people).
-- 'check': the value is more than $jump_factor times, or less than 1/$jump_factor of, the previous
--   value of the same series (indicator × territory, the nearest earlier year with data); only where
--   both values are above zero, as a ratio to or from zero says nothing.
-- Both may apply: 'unreliable+check'. Every level is flagged on its own numerator and denominator, so
-- an ambito summing many small comuni is not flagged because its comuni are.
CREATE OR REPLACE TABLE observation AS
WITH series AS (
    SELECT o.*, lag(o.value) OVER (PARTITION BY o.indicator_id, o.territory_code ORDER BY o.year) AS previous_value
    FROM observation o
),
tested AS (
    SELECT s.*,
           i.aggregation = 'ratio' AND (
               (i.numerator_counts_people AND s.numerator < $min_numerator)
               OR (i.denominator_counts_people AND s.denominator < $min_denominator)) AS is_unreliable,
           s.previous_value > 0 AND s.value > 0
               AND greatest(s.value / s.previous_value, s.previous_value / s.value) > $jump_factor AS is_jump
    FROM series s JOIN indicator i ON i.id = s.indicator_id
)
SELECT * EXCLUDE (previous_value, is_unreliable, is_jump),
       CASE WHEN is_unreliable AND is_jump THEN 'unreliable+check'
            WHEN is_unreliable THEN 'unreliable'
            WHEN is_jump THEN 'check' END AS flag
FROM tested;
