-- benchmarks.sql — the territories a figure is compared with, nearest first (built in the database).
-- Used by: tendenze, confronta, spesa
-- Parameters: $territory
-- Returns: code, level, name, relation, rank
SELECT t.code, t.level, t.name, b.relation, b.rank
FROM benchmark b JOIN territory t ON t.code = b.benchmark_code
WHERE b.territory_code = $territory
ORDER BY b.rank;
