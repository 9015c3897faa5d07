-- plan_figures.sql — every figure quoted in the Piani di Zona documents, with the document it comes from.
-- Used by: fonti
-- Parameters: none
-- Returns: territory, territory_istat, territory_level, year, topic, measure, value, unit, denominator_note,
--          computed_from, source_document
-- A figure is named by source_document, territory and measure; computed_from holds the printed counts a
-- percentage was computed from (empty where the document prints the figure). In the file's order.
SELECT territory, territory_istat, territory_level, year, topic, measure, value, unit, denominator_note,
       computed_from, source_document
FROM plan_figure
ORDER BY source_document, file_row;
