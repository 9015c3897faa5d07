-- ageing_register.sql — Milan city register (31 December), NIL or whole city, 2011-2024:
-- residents, shares aged 0-17, 65+, 80+, people 80+ living alone. Register counts only: never
-- divided by ISTAT population.
-- Parameters: $territory (015146 or NIL01..NIL88; Municipi have residents only)
-- Returns: year, residents, share_0_17, share_65_plus, share_80_plus, share_80_plus_alone, residents_80_plus, living_alone_80_plus
SELECT year,
       max(value) FILTER (WHERE indicator_id = 'reg_residents') AS residents,
       max(value) FILTER (WHERE indicator_id = 'reg_share_0_17') AS share_0_17,
       max(value) FILTER (WHERE indicator_id = 'reg_share_65_plus') AS share_65_plus,
       max(value) FILTER (WHERE indicator_id = 'reg_share_80_plus') AS share_80_plus,
       max(value) FILTER (WHERE indicator_id = 'reg_80_plus_living_alone_share') AS share_80_plus_alone,
       max(denominator) FILTER (WHERE indicator_id = 'reg_80_plus_living_alone_share') AS residents_80_plus,
       max(numerator) FILTER (WHERE indicator_id = 'reg_80_plus_living_alone_share') AS living_alone_80_plus
FROM observation
WHERE territory_code = $territory AND indicator_id LIKE 'reg\_%' ESCAPE '\'
GROUP BY year
ORDER BY year;
