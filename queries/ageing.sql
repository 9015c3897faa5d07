-- ageing.sql — age structure of one territory (any level), for every year with data.
-- ISTAT population on 1 January. Comune values come from single-age counts (2022 final, 2023
-- provisional); groups are Σ counts / Σ counts over their comuni (never an average of rates);
-- province 015 and Lombardy add ISTAT's published series (2002-2025 and 2002-2020).
-- Parameters: $territory
-- Returns: year, population, share_0_14, share_65_plus, share_75_plus, share_85_plus, old_age_index,
--          old_age_dependency, structural_dependency, status, sources
SELECT year,
       max(value) FILTER (WHERE indicator_id = 'population') AS population,
       max(value) FILTER (WHERE indicator_id = 'share_0_14') AS share_0_14,
       max(value) FILTER (WHERE indicator_id = 'share_65_plus') AS share_65_plus,
       max(value) FILTER (WHERE indicator_id = 'share_75_plus') AS share_75_plus,
       max(value) FILTER (WHERE indicator_id = 'share_85_plus') AS share_85_plus,
       max(value) FILTER (WHERE indicator_id = 'old_age_index') AS old_age_index,
       max(value) FILTER (WHERE indicator_id = 'old_age_dependency') AS old_age_dependency,
       max(value) FILTER (WHERE indicator_id = 'structural_dependency') AS structural_dependency,
       CASE WHEN bool_or(status = 'provisional') THEN 'provisional' ELSE 'final' END AS status,
       string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources
FROM observation
WHERE territory_code = $territory
  AND indicator_id IN ('population', 'share_0_14', 'share_65_plus', 'share_75_plus', 'share_85_plus',
                       'old_age_index', 'old_age_dependency', 'structural_dependency')
GROUP BY year
ORDER BY year;
