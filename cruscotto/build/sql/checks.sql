-- checks.sql — data tests on the built database, in the spirit of dbt schema tests.
-- Each block after a check-marker line returns the offending rows; the build fails if any block
-- returns a row, and names the check.

-- check: observation key is unique (one value per indicator, territory and year)
SELECT indicator_id, territory_code, year, count(*) AS n
FROM observation GROUP BY ALL HAVING count(*) > 1;

-- check: every observation has a value
SELECT indicator_id, territory_code, year FROM observation WHERE value IS NULL OR isnan(value);

-- check: every observation names a known territory
SELECT DISTINCT o.territory_code FROM observation o
LEFT JOIN territory t ON t.code = o.territory_code WHERE t.code IS NULL;

-- check: every observation names a known source
SELECT DISTINCT o.source_id FROM observation o LEFT JOIN source s USING (source_id) WHERE s.source_id IS NULL;

-- check: status is final or provisional
SELECT indicator_id, territory_code, year, status FROM observation WHERE status NOT IN ('final', 'provisional');

-- check: shares lie within 0-100
SELECT o.indicator_id, o.territory_code, o.year, o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id
WHERE (i.unit_en LIKE '%\%%' ESCAPE '\') AND (o.value < 0 OR o.value > 100)
  AND o.indicator_id <> 'social_spending_vs_need';

-- check: a rate has a positive denominator wherever it was computed
SELECT o.indicator_id, o.territory_code, o.year FROM observation o JOIN indicator i ON i.id = o.indicator_id
WHERE i.aggregation = 'ratio' AND o.numerator IS NOT NULL AND NOT (o.denominator > 0);

-- check: no negative counts
SELECT indicator_id, territory_code, year FROM observation WHERE numerator < 0 OR denominator < 0;

-- check: years in range
SELECT indicator_id, territory_code, year FROM observation WHERE year NOT BETWEEN 1990 AND 2030;

-- check: every comune lies in exactly one province
SELECT t.code, count(l.parent_code) AS n FROM territory t
LEFT JOIN territory_link l ON l.child_code = t.code AND l.relation = 'provincia'
WHERE t.level = 'comune' GROUP BY t.code HAVING count(l.parent_code) <> 1;

-- check: every territory except the region has a parent that exists
SELECT t.code FROM territory t LEFT JOIN territory p ON p.code = t.parent_code
WHERE t.level <> 'regione' AND p.code IS NULL;

-- check: a published value agrees with the aggregate that replaced it (ISTAT rounds to 0.1), where both count
-- on the same date (the census of 9 October 2011 is not ISTAT's count of 1 January 2011)
SELECT * FROM published_vs_aggregated
WHERE abs(published_value - aggregated_value) > 0.15 AND aggregated_status = 'final'
  AND published_ref_date = aggregated_ref_date;

-- check: every benchmark is a known territory
SELECT b.* FROM benchmark b LEFT JOIN territory t ON t.code = b.benchmark_code WHERE t.code IS NULL;

-- check: a flag is one of the known values (flags.sql)
SELECT indicator_id, territory_code, year, flag FROM observation
WHERE flag IS NOT NULL AND flag NOT IN ('unreliable', 'check', 'unreliable+check');

-- check: target population 'population' (residents by single year of age, M + F) equals the population indicator where both are final
-- (2022: the same ISTAT count through two channels. 2023 is not compared: the ages are ISTAT's provisional
-- estimate, the population indicator the final census-aligned count, which differ by design, 0.25% on average.)
SELECT tp.comune_code, tp.year, tp.count, o.value FROM target_population tp
JOIN observation o ON o.indicator_id = 'population' AND o.territory_code = tp.comune_code AND o.year = tp.year
WHERE tp.target = 'population' AND tp.status = 'final' AND o.status = 'final' AND tp.count <> o.value;

-- check: target population 65+ equals the numerator of the share 65+ (same ISTAT ages, summed by another file)
SELECT tp.comune_code, tp.year, tp.count, o.numerator FROM target_population tp
JOIN observation o ON o.indicator_id = 'share_65_plus' AND o.territory_code = tp.comune_code AND o.year = tp.year
WHERE tp.target = 'age_65_plus' AND tp.count <> o.numerator;

-- check: target populations 0-17, 18-64 and 65+ add up to all residents; 0-2 and 3-5 lie within 0-17, 75+ within 65+
SELECT comune_code, year FROM target_population GROUP BY comune_code, year
HAVING sum(count) FILTER (target IN ('age_0_17', 'age_18_64', 'age_65_plus')) <> sum(count) FILTER (target = 'population')
    OR sum(count) FILTER (target IN ('age_0_2', 'age_3_5')) > sum(count) FILTER (target = 'age_0_17')
    OR sum(count) FILTER (target = 'age_75_plus') > sum(count) FILTER (target = 'age_65_plus')
    OR count(*) <> 7;

-- check: every comune has its target populations for every year the ages cover
SELECT t.code, y.year FROM territory t CROSS JOIN (SELECT DISTINCT year FROM target_population) y
LEFT JOIN target_population tp ON tp.comune_code = t.code AND tp.year = y.year AND tp.target = 'population'
WHERE t.level = 'comune' AND tp.comune_code IS NULL;
