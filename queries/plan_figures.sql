-- plan_figures.sql — every figure quoted in the Piani di Zona documents, with the document it comes from.
-- Parameters: none
-- Returns: figure_id, territory, territory_istat, territory_level, year, topic, measure, value, unit,
--          denominator_note, source_document, note
SELECT figure_id, territory, territory_istat, territory_level, year, topic, measure, value, unit,
       denominator_note, source_document, note
FROM plan_figure
ORDER BY source_document, figure_id;
