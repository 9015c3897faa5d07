-- export.sql — the open-data table in long form: one row per indicator, territory and year, with the
-- label, unit, status, source and licence that go with each number. An empty list selects everything.
-- Used by: dati-aperti, cli
-- Parameters: $indicators (list of catalogue ids), $territories (list of territory codes),
--             $first_year, $last_year, $lang ('it' or 'en': labels and units),
--             $include_local (false leaves out every row that rests on data loaded by an Ufficio di Piano)
-- Returns: indicator_id, indicator_label, territory_code, territory_level, territory_name, year, value,
--          numerator, denominator, unit, status, source, licence, ref_date, note,
--          flag ('unreliable', 'check', 'unreliable+check' or NULL: cruscotto/build/sql/flags.sql),
--          local_data (true: loaded by an Ufficio di Piano, or an official figure summed over a membership
--          it loaded; the source column names which)
SELECT o.indicator_id,
       CASE WHEN $lang = 'en' THEN i.label_en ELSE i.label_it END AS indicator_label,
       o.territory_code, t.level AS territory_level, t.name AS territory_name, o.year,
       o.value, o.numerator, o.denominator,
       CASE WHEN $lang = 'en' THEN i.unit_en ELSE i.unit_it END AS unit,
       o.status, o.source_id AS source, s.licence, o.ref_date, o.note, o.flag,
       o.is_local AS local_data
FROM observation o
JOIN indicator i ON i.id = o.indicator_id
JOIN territory t ON t.code = o.territory_code
JOIN source s ON s.source_id = o.source_id
WHERE (len($indicators::VARCHAR[]) = 0 OR list_contains($indicators::VARCHAR[], o.indicator_id))
  AND (len($territories::VARCHAR[]) = 0 OR list_contains($territories::VARCHAR[], o.territory_code))
  AND o.year BETWEEN $first_year AND $last_year
  AND ($include_local OR NOT o.is_local)
ORDER BY o.indicator_id, t.level, o.territory_code, o.year;
