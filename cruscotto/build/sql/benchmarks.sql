-- benchmarks.sql (build) — for every territory, the territories its figures are compared with.
-- A comune: its ambito, ASST distretto, ASST, provincia, Lombardia. A NIL or Municipio: Milano, then
-- Milano's benchmarks. A group (ambito, ASST, distretto): the provincia of most of its comuni and
-- Lombardia. A provincia: Lombardia. rank orders them nearest first.
CREATE OR REPLACE TABLE benchmark AS
WITH anchor AS (
    SELECT code, level, province_code,
           CASE WHEN level IN ('nil', 'municipio') THEN parent_code ELSE code END AS anchor_code
    FROM territory
),
candidates AS (
    SELECT a.code, l.parent_code AS benchmark_code, l.relation
    FROM anchor a JOIN territory_link l ON l.child_code = a.anchor_code
    WHERE l.relation IN ('ambito', 'distretto', 'asst', 'provincia', 'regione')
    UNION ALL
    SELECT code, anchor_code, 'comune' FROM anchor WHERE anchor_code <> code
    UNION ALL
    SELECT code, province_code, 'provincia' FROM anchor
    WHERE level IN ('ambito', 'asst', 'distretto') AND province_code IS NOT NULL
    UNION ALL
    SELECT code, '03', 'regione' FROM anchor WHERE level IN ('provincia', 'ambito', 'asst', 'distretto')
)
SELECT DISTINCT code AS territory_code, benchmark_code, relation,
       CASE relation WHEN 'comune' THEN 0 WHEN 'ambito' THEN 1 WHEN 'distretto' THEN 2 WHEN 'asst' THEN 3
                     WHEN 'provincia' THEN 4 ELSE 5 END AS rank
FROM candidates
WHERE benchmark_code <> code;
