-- spending_by_target.sql — spending split by target group or service, where real data exists:
-- ISTAT's survey of comuni social spending, area "famiglia e minori", by service (Lombardy and 5
-- ambiti, 2021-2023), and the shares quoted in the Piani di Zona (with their document).
-- Used by: spesa
-- Parameters: $territory
-- Returns: origin, year, category, value, unit, share_pct, source, document
WITH istat AS (
    SELECT 'istat' AS origin, year, service_label AS category, spending_eur AS value, 'EUR' AS unit,
           100.0 * spending_eur / max(spending_eur) FILTER (WHERE service_code = 'ALL') OVER (PARTITION BY year) AS share_pct,
           source_id AS source, NULL AS document, service_code
    FROM spending_by_service WHERE territory_code = $territory
),
plan AS (
    SELECT 'piano_di_zona' AS origin, TRY_CAST(p.year AS INTEGER) AS year, p.measure AS category, p.value, p.unit,
           p.value AS share_pct, 'piani_di_zona' AS source, p.source_document AS document, NULL AS service_code
    FROM plan_figure p JOIN territory t ON t.code = $territory
    WHERE p.topic = 'spending_by_target' AND (p.territory_istat = t.code OR p.territory = t.name)
)
SELECT origin, year, category, value, unit, share_pct, source, document FROM istat WHERE service_code <> 'ALL'
UNION ALL
SELECT origin, year, category, value, unit, share_pct, source, document FROM plan
ORDER BY origin, year, value DESC;
