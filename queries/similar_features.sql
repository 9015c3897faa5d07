-- similar_features.sql — the features similar comuni are chosen on (data/catalogue/similar_features.csv),
-- with the year each one uses, its weight and the method's version.
-- Used by: panoramica, cli
-- Parameters: none
-- Returns: feature_id, indicator_id, divide_by, transform, weight, year, label_it, label_en,
--          description_it, description_en, version, position
SELECT feature_id, indicator_id, divide_by, transform, weight, year, label_it, label_en,
       description_it, description_en, version, position
FROM similar_feature
ORDER BY position;
