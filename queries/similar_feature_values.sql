-- similar_feature_values.sql — one comune's value of each feature similar comuni are chosen on: as
-- published or derived (raw_value: residents, %, €, residents per km²), as compared (value: after the log,
-- if any) and standardised over the comuni of Lombardy (z, NULL where the comune lacks the feature), with
-- the source of the figure and, for a density, of the area.
-- Used by: panoramica, cli
-- Parameters: $territory
-- Returns: feature_id, indicator_id, divide_by, label_it, label_en, description_it, description_en, weight,
--          year, raw_value, value, z, source_id, status, divisor_source_id
SELECT f.feature_id, f.indicator_id, f.divide_by, f.label_it, f.label_en, f.description_it, f.description_en,
       f.weight, f.year, v.raw_value, v.value, v.z, o.source_id, o.status, f.divisor_source_id
FROM similar_feature f
JOIN similar_feature_value v ON v.feature_id = f.feature_id AND v.comune_code = $territory
LEFT JOIN observation o ON o.indicator_id = f.indicator_id AND o.territory_code = $territory AND o.year = f.year
ORDER BY f.position;
