-- benchmarks.sql (build) — for every territory, the territories its figures are compared with.
-- A comune: its ambito, ASST distretto, ASST, provincia, Lombardia. A NIL or Municipio: Milano, then
-- Milano's benchmarks. A group (ambito, ASST, distretto): the provincia of most of its comuni and
-- Lombardia. A provincia: Lombardia. rank orders them nearest first.
CREATE OR REPLACE TABLE benchmark AS
WITH anchor AS (
    SELECT code, level, province_code,
           CASE WHEN list_contains(getvariable('milan_parts'), level) THEN parent_code ELSE code END AS anchor_code
    FROM territory
),
candidates AS (
    SELECT a.code, l.parent_code AS benchmark_code, l.relation
    FROM anchor a JOIN territory_link l ON l.child_code = a.anchor_code
    WHERE list_contains(getvariable('group_levels'), l.relation)
    UNION ALL
    SELECT code, anchor_code, 'comune' FROM anchor WHERE anchor_code <> code
    UNION ALL
    SELECT code, province_code, 'provincia' FROM anchor
    WHERE list_contains(getvariable('service_groups'), level) AND province_code IS NOT NULL
    UNION ALL
    SELECT code, getvariable('region_code'), 'regione' FROM anchor
    WHERE level = 'provincia' OR list_contains(getvariable('service_groups'), level)
)
SELECT DISTINCT code AS territory_code, benchmark_code, relation,
       list_position(getvariable('benchmark_order'), relation) - 1 AS rank
FROM candidates
WHERE benchmark_code <> code;
