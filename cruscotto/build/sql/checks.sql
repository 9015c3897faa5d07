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

-- check: a published value agrees with the aggregate that replaced it (ISTAT rounds to 0.1)
SELECT * FROM published_vs_aggregated
WHERE abs(published_value - aggregated_value) > 0.15 AND aggregated_status = 'final';

-- check: every benchmark is a known territory
SELECT b.* FROM benchmark b LEFT JOIN territory t ON t.code = b.benchmark_code WHERE t.code IS NULL;

-- check: a flag is one of the known values (flags.sql)
SELECT indicator_id, territory_code, year, flag FROM observation
WHERE flag IS NOT NULL AND flag NOT IN ('unreliable', 'check', 'unreliable+check');
