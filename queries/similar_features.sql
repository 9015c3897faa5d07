-- similar_features.sql — the features similar comuni are chosen on (data/catalogue/similar_features.csv),
-- with the year each one uses, its weight, the method's version and how many comuni lack the feature (no
-- value that year, or none the transform can take: those comuni have no similar comuni).
-- Used by: panoramica, cli
-- Parameters: none
-- Returns: feature_id, indicator_id, divide_by, transform, weight, year, label_it, label_en,
--          description_it, description_en, version, position, comuni_lacking
SELECT f.feature_id, f.indicator_id, f.divide_by, f.transform, f.weight, f.year, f.label_it, f.label_en,
       f.description_it, f.description_en, f.version, f.position,
       count(*) FILTER (WHERE v.value IS NULL) AS comuni_lacking
FROM similar_feature f
LEFT JOIN similar_feature_value v ON v.feature_id = f.feature_id
GROUP BY ALL
ORDER BY f.position;
