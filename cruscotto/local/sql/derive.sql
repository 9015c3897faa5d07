-- derive.sql — local indicators, their sources and their observations, from what planners loaded.
--
-- Run by cruscotto/local/derive.py in a private in-memory DuckDB that holds:
--   ambito_member(comune_code, ambito_code)          members of every ambito with local data
--   local_ambito(code, name, province_code, n_members) ambiti whose membership was loaded
--   service(year, territory_code, service, users, places, spending_eur, copayment_eur, ambito_code, version)
--   area_spending(year, territory_code, area, spending_eur, associated_eur, ambito_code, version)
--   upload(version, ambito_code, user, loaded_at, file_name, file_sha256, tables, rows, action, reverted_to)
--   service_catalogue(code, label_it, label_en, …, area, target, per), area_catalogue(code, label_it, label_en, target)
--   target_population(comune_code, year, target, count, status, source_id)   (official build, comune level)
--   territory(code, level, name, …), indicator (the official catalogue: its columns)
-- and creates:
--   local_indicator         same columns as `indicator`; ids local_<measure>[_<service|area>], topic 'dati_locali'
--   local_source            same columns as `source`; one source 'local:<ambito_code>' per loading ambito
--   local_observation_base  observation_base columns, at comune level and at ambito level
--
-- Rules:
-- * A row counts for the ambito that loaded it: a row of one of its member comuni, or a row at the ambito's own
--   code (a service run jointly). A comune's figures come from its own row only.
-- * A blank is unknown, never zero (zero is a number and counts). A comune with no row for a service is unknown
--   too: a comune without the service is loaded with 0 users.
-- * An ambito's figure is Σ numerator / Σ denominator over rows, never an average of rates, and follows the
--   project's rule for aggregates (README "Aggregation", cruscotto/build/sql/aggregate.sql):
--   - a service (or spending area) the ambito loaded a row for at its own code is run jointly and covers the
--     whole ambito: the figure is the sum of ALL its rows (the ambito's and any comune's), unknown if one of them
--     is blank, over the target population of ALL members;
--   - otherwise the figure rests on the member comuni whose rows give it. A rate (coverage, places, spending per
--     user, co-payment per user and share, an area's spending per resident) needs at least 90% of the members,
--     divides by the target population of those comuni only, and says how many (note "parts", "dati per 9 dei 10
--     comuni"); a count (users, places, spending of a service) needs every member. Fewer: no figure — 250 users of
--     4 comuni are not divided by the residents of 8.
-- * Spending by area: an ambito's area figure counts as the ambito's whole spending in that area only when it
--   covers the whole ambito (its own row, or every member comune). The totals of all areas — total spending, each
--   area's share, spending per resident — add up those whole areas only (a share of a whole needs the same whole
--   for every area), and say when there are fewer than the catalogue lists (note "local_areas_loaded"). The share
--   managed jointly (spesa_associata_euro) is over the areas whose jointly managed spending is known too, and
--   says how many (note "local_associated_areas"). An area's spending per resident (of all residents or of the
--   area's target) is a rate: 90% of the members is enough, as for services.
-- * Spending follows ISTAT's survey of comuni social services (the planners' source): spesa_euro is the spending
--   borne by the comuni NET of the users' co-payment (compartecipazione_euro); the cost of a service is
--   spending + co-payment. Spending per user = spending / users ("spesa dei comuni per utente"), co-payment per
--   user = co-payment / users, co-payment share = co-payment / (spending + co-payment) × 100 ("incidenza della
--   compartecipazione sul costo del servizio"), only where both are known (the Cremona plan: 3.740 € and 854 €
--   per user, 19%). Area spending (spesa_aree.spesa_euro) is the comuni's spending too.
-- * Coverage and per-resident figures divide by the target population (cruscotto/build/targets.py) of the same
--   year, or of the nearest earlier year in which every comune the figure rests on has it, named in the note.
--   No target, no figure.
-- * Only indicators that have at least one figure are created.

SET TimeZone = 'UTC';  -- loaded_at is stored in UTC; a naive timestamp is read as UTC

CREATE OR REPLACE TEMP TABLE derive_target_words AS
SELECT * FROM (VALUES
    ('age_0_2', 'residenti 0-2 anni', 'residente 0-2 anni', 'residents aged 0-2', 'resident aged 0-2'),
    ('age_3_5', 'residenti 3-5 anni', 'residente 3-5 anni', 'residents aged 3-5', 'resident aged 3-5'),
    ('age_0_17', 'residenti 0-17 anni', 'residente 0-17 anni', 'residents aged 0-17', 'resident aged 0-17'),
    ('age_18_64', 'residenti 18-64 anni', 'residente 18-64 anni', 'residents aged 18-64', 'resident aged 18-64'),
    ('age_65_plus', 'residenti 65+', 'residente 65+', 'residents aged 65+', 'resident aged 65+'),
    ('age_75_plus', 'residenti 75+', 'residente 75+', 'residents aged 75+', 'resident aged 75+'),
    ('population', 'residenti', 'residente', 'residents', 'resident')
) AS w(target, plural_it, singular_it, plural_en, singular_en);

CREATE OR REPLACE TEMP TABLE derive_member AS
SELECT DISTINCT comune_code, ambito_code FROM ambito_member;

-- Ambiti that are territories (with members, or known to the build): a row at another code has nowhere to go.
CREATE OR REPLACE TEMP TABLE derive_known_ambito AS
SELECT ambito_code AS code FROM derive_member
UNION SELECT code FROM territory WHERE level = 'ambito'
UNION SELECT code FROM local_ambito;

-- Service and area rows that count, each for the ambito that loaded it.
CREATE OR REPLACE TEMP TABLE derive_service_row AS
SELECT s.ambito_code, s.territory_code, s.territory_code = s.ambito_code AS at_ambito, s.year::BIGINT AS year,
       s.service, s.users::DOUBLE AS users, s.places::DOUBLE AS places, s.spending_eur::DOUBLE AS spending,
       s.copayment_eur::DOUBLE AS copayment, s.version
FROM service s
WHERE (s.territory_code = s.ambito_code AND s.ambito_code IN (SELECT code FROM derive_known_ambito))
   OR EXISTS (SELECT 1 FROM derive_member m WHERE m.comune_code = s.territory_code AND m.ambito_code = s.ambito_code);

CREATE OR REPLACE TEMP TABLE derive_area_row AS
SELECT a.ambito_code, a.territory_code, a.territory_code = a.ambito_code AS at_ambito, a.year::BIGINT AS year,
       a.area, a.spending_eur::DOUBLE AS spending, a.associated_eur::DOUBLE AS associated, a.version
FROM area_spending a
WHERE (a.territory_code = a.ambito_code AND a.ambito_code IN (SELECT code FROM derive_known_ambito))
   OR EXISTS (SELECT 1 FROM derive_member m WHERE m.comune_code = a.territory_code AND m.ambito_code = a.ambito_code);

CREATE OR REPLACE TEMP TABLE derive_ambito_size AS
SELECT ambito_code, count(*) AS members FROM derive_member GROUP BY ambito_code;

-- What each row gives to each figure: its numerator and, for a ratio of two of the row's own numbers, its
-- denominator (a rate over a target population gets its denominator per unit, below). has: the row gives it.
-- kind: 'ratio' (an ambito needs 90% of its members), 'sum' (a count: every member), 'whole' (an area's part of
-- the ambito's whole spending: every member). area_spending is not published: the totals of all areas use it.
CREATE OR REPLACE TEMP TABLE derive_part AS
SELECT r.ambito_code, r.territory_code, r.at_ambito, r.year, r.version, r.service AS subject, m.measure, m.kind,
       m.target, m.multiplier, m.num, m.den, m.num IS NOT NULL AND (NOT m.needs_den OR m.den IS NOT NULL) AS has
FROM derive_service_row r
JOIN service_catalogue c ON c.code = r.service
CROSS JOIN LATERAL (VALUES
    ('coverage', 'ratio', c.target, c.per::DOUBLE, r.users, NULL::DOUBLE, false),
    ('places', 'ratio', c.target, c.per::DOUBLE, r.places, NULL::DOUBLE, false),
    ('users', 'sum', NULL, 1.0, r.users, NULL::DOUBLE, false),
    ('service_places', 'sum', NULL, 1.0, r.places, NULL::DOUBLE, false),
    ('service_spending', 'sum', NULL, 1.0, r.spending, NULL::DOUBLE, false),
    ('spend_per_user', 'ratio', NULL, 1.0, r.spending, r.users, true),
    ('copay_per_user', 'ratio', NULL, 1.0, r.copayment, r.users, true),
    ('copay_share', 'ratio', NULL, 100.0, r.copayment, r.spending + r.copayment, true)
) AS m(measure, kind, target, multiplier, num, den, needs_den)
UNION ALL
SELECT a.ambito_code, a.territory_code, a.at_ambito, a.year, a.version, a.area, m.measure, m.kind,
       m.target, m.multiplier, m.num, m.den, m.num IS NOT NULL AND (NOT m.needs_den OR m.den IS NOT NULL)
FROM derive_area_row a
JOIN area_catalogue c ON c.code = a.area
CROSS JOIN LATERAL (VALUES
    ('area_spending', 'whole', NULL, 1.0, a.spending, NULL::DOUBLE, false),
    ('area_associated', 'whole', NULL, 100.0, a.associated, a.spending, true),
    ('area_per_resident', 'ratio', 'population', 1.0, a.spending, NULL::DOUBLE, false),
    ('area_per_target', 'ratio', c.target, 1.0, a.spending, NULL::DOUBLE, false)
) AS m(measure, kind, target, multiplier, num, den, needs_den)
WHERE m.measure <> 'area_per_target' OR c.target <> 'population';  -- per target would repeat per resident

-- Units: a comune (its own row, when it gives the figure) or an ambito (its rows, by the rules above).
-- whole: the unit's figure covers all of it (a comune; an ambito's joint row or every member).
-- parts_have / parts_total: the member comuni a figure rests on, when it is not a joint one (note "parts").
CREATE OR REPLACE TEMP TABLE derive_unit AS
SELECT measure, kind, subject, territory_code AS unit_code, ambito_code, year, version, target, multiplier, num, den,
       true AS whole, NULL::BIGINT AS parts_have, NULL::BIGINT AS parts_total
FROM derive_part WHERE NOT at_ambito AND has
UNION ALL
SELECT measure, kind, subject, ambito_code, ambito_code, year, version, target, multiplier, num, den,
       joint OR have = members, CASE WHEN NOT joint THEN have END, members
FROM (
    SELECT p.measure, any_value(p.kind) AS kind, p.subject, p.ambito_code, p.year, max(p.version) AS version,
           any_value(p.target) AS target, any_value(p.multiplier) AS multiplier,
           bool_or(p.at_ambito) AS joint, bool_and(p.has) AS all_have,
           count(DISTINCT p.territory_code) FILTER (p.has AND NOT p.at_ambito) AS have,
           coalesce(any_value(z.members), 0) AS members,
           sum(p.num) FILTER (p.has) AS num, sum(p.den) FILTER (p.has) AS den
    FROM derive_part p LEFT JOIN derive_ambito_size z ON z.ambito_code = p.ambito_code
    GROUP BY p.measure, p.subject, p.ambito_code, p.year
) g
WHERE CASE WHEN joint THEN all_have                         -- a joint figure: every row, none blank
           WHEN kind = 'ratio' THEN have * 10 >= 9 * members  -- a rate: at least 90% of the members
           ELSE have = members END;                           -- a count or a part of the whole: every member

-- All areas of a unit and year together: the whole areas only (see the rules); the share managed jointly over
-- the whole areas whose jointly managed spending is known.
CREATE OR REPLACE TEMP TABLE derive_area_total AS
SELECT s.unit_code, s.ambito_code, s.year, max(s.version) AS version, sum(s.num) AS spending,
       count(*) AS areas_have, sum(j.num) AS associated, sum(j.den) AS associated_base,
       count(j.num) AS associated_areas
FROM derive_unit s
LEFT JOIN derive_unit j ON j.measure = 'area_associated' AND j.unit_code = s.unit_code
                       AND j.ambito_code = s.ambito_code AND j.year = s.year AND j.subject = s.subject
WHERE s.measure = 'area_spending' AND s.whole
GROUP BY s.unit_code, s.ambito_code, s.year;

-- Target populations of whole units: a comune's own, an ambito's summed over all its members (when every
-- member has it).
CREATE OR REPLACE TEMP TABLE derive_unit_target AS
SELECT comune_code AS unit_code, year AS target_year, target, count::DOUBLE AS count, status
FROM target_population
UNION ALL
SELECT m.ambito_code, tp.year, tp.target, sum(tp.count)::DOUBLE,
       CASE WHEN bool_or(tp.status = 'provisional') THEN 'provisional' ELSE 'final' END
FROM derive_member m JOIN target_population tp ON tp.comune_code = m.comune_code
GROUP BY m.ambito_code, tp.year, tp.target
HAVING count(*) = (SELECT count(*) FROM derive_member a WHERE a.ambito_code = m.ambito_code);

-- For each unit and year with data: the target of the same year or the nearest earlier one.
CREATE OR REPLACE TEMP TABLE derive_target_for AS
SELECT u.unit_code, u.year, t.target, t.target_year, t.count, t.status
FROM (SELECT DISTINCT unit_code, year FROM derive_unit) u
JOIN derive_unit_target t ON t.unit_code = u.unit_code AND t.target_year <= u.year
QUALIFY row_number() OVER (PARTITION BY u.unit_code, u.year, t.target ORDER BY t.target_year DESC) = 1;

-- An ambito's rate that rests on some of its members (90% or more): the target of those comuni only, of the
-- latest year (not after the data's) in which every one of them has it.
CREATE OR REPLACE TEMP TABLE derive_partial_target AS
SELECT u.measure, u.subject, u.ambito_code, u.year, tp.year AS target_year, sum(tp.count)::DOUBLE AS count,
       CASE WHEN bool_or(tp.status = 'provisional') THEN 'provisional' ELSE 'final' END AS status
FROM derive_unit u
JOIN derive_part p ON p.measure = u.measure AND p.subject = u.subject AND p.ambito_code = u.ambito_code
                  AND p.year = u.year AND p.has AND NOT p.at_ambito
JOIN target_population tp ON tp.comune_code = p.territory_code AND tp.target = u.target AND tp.year <= u.year
WHERE NOT u.whole AND u.target IS NOT NULL
GROUP BY u.measure, u.subject, u.ambito_code, u.year, tp.year
HAVING count(DISTINCT tp.comune_code) = any_value(u.parts_have)
QUALIFY row_number() OVER (PARTITION BY u.measure, u.subject, u.ambito_code, u.year ORDER BY tp.year DESC) = 1;

-- Every figure as numerator / denominator × multiplier (a count: denominator NULL), with what its notes need.
CREATE OR REPLACE TEMP TABLE derive_measure AS
WITH targeted AS (
    SELECT u.*, coalesce(w.count, q.count) AS target_count, coalesce(w.target_year, q.target_year) AS target_year,
           coalesce(w.status, q.status) AS status
    FROM derive_unit u
    LEFT JOIN derive_target_for w ON u.whole AND w.unit_code = u.unit_code AND w.year = u.year AND w.target = u.target
    LEFT JOIN derive_partial_target q ON NOT u.whole AND q.measure = u.measure AND q.subject = u.subject
                                     AND q.ambito_code = u.ambito_code AND q.year = u.year
    WHERE u.target IS NOT NULL
)
-- rates over a target population: users and places per 100 (or 10.000) of it, an area's spending per resident
SELECT measure, subject, unit_code, ambito_code, year, version, num AS numerator, target_count AS denominator,
       multiplier, target_year, status, parts_have, parts_total, NULL::BIGINT AS areas_have,
       NULL::BIGINT AS associated_areas
FROM targeted WHERE target_count > 0
UNION ALL
-- counts: users, places and spending of a service (sums over an ambito's rows)
SELECT measure, subject, unit_code, ambito_code, year, version, num, NULL, 1, NULL, NULL, parts_have, parts_total,
       NULL, NULL
FROM derive_unit WHERE kind = 'sum'
UNION ALL
-- ratios of two numbers of the same rows: the comuni's spending and the users' co-payment per user, the
-- co-payment's share of the cost (spending + co-payment), the share of an area's spending managed jointly
SELECT measure, subject, unit_code, ambito_code, year, version, num, den, multiplier, NULL, NULL, parts_have,
       parts_total, NULL, NULL
FROM derive_unit WHERE measure IN ('spend_per_user', 'copay_per_user', 'copay_share', 'area_associated') AND den > 0
UNION ALL
-- all whole areas together: each area's share, the total, per resident, the share managed jointly
SELECT 'area_share', s.subject, s.unit_code, s.ambito_code, s.year, s.version, s.num, t.spending, 100, NULL, NULL,
       NULL, NULL, t.areas_have, NULL
FROM derive_unit s
JOIN derive_area_total t ON t.unit_code = s.unit_code AND t.ambito_code = s.ambito_code AND t.year = s.year
WHERE s.measure = 'area_spending' AND s.whole AND t.spending > 0
UNION ALL
SELECT 'spending_total', NULL, unit_code, ambito_code, year, version, spending, NULL, 1, NULL, NULL, NULL, NULL,
       areas_have, NULL
FROM derive_area_total
UNION ALL
SELECT 'spending_per_resident', NULL, a.unit_code, a.ambito_code, a.year, a.version, a.spending, w.count, 1,
       w.target_year, w.status, NULL, NULL, a.areas_have, NULL
FROM derive_area_total a
JOIN derive_target_for w ON w.unit_code = a.unit_code AND w.year = a.year AND w.target = 'population'
WHERE w.count > 0
UNION ALL
SELECT 'associated_share', NULL, unit_code, ambito_code, year, version, associated, associated_base, 100, NULL, NULL,
       NULL, NULL, areas_have, associated_areas
FROM derive_area_total WHERE associated_areas > 0 AND associated_base > 0;

-- One figure per indicator, territory and year (a comune claimed by two loading ambiti: the latest load wins).
CREATE OR REPLACE TEMP TABLE derive_figure AS
SELECT 'local_' || measure || coalesce('_' || subject, '') AS indicator_id, *
FROM derive_measure
QUALIFY row_number() OVER (PARTITION BY measure, subject, unit_code, year ORDER BY version DESC, ambito_code) = 1;

-- Notes (JSON, codes of data/catalogue/notes.csv): the target year; an ambito's figure resting on fewer
-- comuni than it has; a total over fewer areas than the catalogue lists; a share managed jointly over fewer
-- areas than the total.
CREATE OR REPLACE TABLE local_observation_base AS
WITH noted AS (
    SELECT *, concat_ws(', ',
        CASE WHEN target_year = year THEN '{"code": "local_target_year", "year": ' || target_year || '}'
             WHEN target_year < year THEN '{"code": "local_target_earlier_year", "year": ' || target_year
                                          || ', "data_year": ' || year || '}' END,
        CASE WHEN parts_have < parts_total THEN '{"code": "parts", "have": ' || parts_have || ', "total": '
                                                 || parts_total || '}' END,
        CASE WHEN areas_have < (SELECT count(*) FROM area_catalogue)
             THEN '{"code": "local_areas_loaded", "have": ' || areas_have || ', "total": '
                  || (SELECT count(*) FROM area_catalogue) || '}' END,
        CASE WHEN associated_areas < areas_have
             THEN '{"code": "local_associated_areas", "have": ' || associated_areas || ', "total": '
                  || areas_have || '}' END) AS items
    FROM derive_figure
)
SELECT indicator_id, unit_code AS territory_code, year, year || '-12-31' AS ref_date,
       CASE WHEN denominator IS NULL THEN numerator ELSE numerator / denominator * multiplier END AS value,
       numerator, denominator, coalesce(status, 'final') AS status, 'local:' || ambito_code AS source_id,
       CASE WHEN items <> '' THEN '[' || items || ']' END AS note
FROM noted
ORDER BY indicator_id, territory_code, year;

-- The catalogue rows of the indicators that have figures.
CREATE OR REPLACE TABLE local_indicator AS SELECT * FROM indicator LIMIT 0;

INSERT INTO local_indicator BY NAME
WITH used AS (
    SELECT DISTINCT indicator_id, measure, subject FROM derive_figure
),
service_words AS (
    SELECT u.indicator_id, u.measure, c.label_it, c.label_en, c.per::DOUBLE AS per, w.*,
           CASE WHEN c.per::DOUBLE = 10000 THEN '10.000' ELSE CAST(c.per::BIGINT AS VARCHAR) END AS per_it,
           CASE WHEN c.per::DOUBLE = 10000 THEN '10,000' ELSE CAST(c.per::BIGINT AS VARCHAR) END AS per_en
    FROM used u
    JOIN service_catalogue c ON c.code = u.subject
    JOIN derive_target_words w ON w.target = c.target
    WHERE u.measure IN ('coverage', 'places', 'users', 'service_places', 'service_spending', 'spend_per_user',
                        'copay_per_user', 'copay_share')
),
area_words AS (
    SELECT u.indicator_id, u.measure, c.label_it, c.label_en, w.*
    FROM used u
    JOIN area_catalogue c ON c.code = u.subject
    JOIN derive_target_words w ON w.target = c.target
    WHERE u.measure IN ('area_share', 'area_associated', 'area_per_resident', 'area_per_target')
),
described AS (
    -- id, label, definition, unit, numerator, denominator (it, en), multiplier, aggregation, polarity, decimals,
    -- interval, whether numerator / denominator count people
    SELECT indicator_id,
        CASE measure
            WHEN 'coverage' THEN label_it || ': utenti ogni ' || per_it || ' ' || plural_it
            WHEN 'places' THEN label_it || ': posti ogni ' || per_it || ' ' || plural_it
            WHEN 'users' THEN label_it || ': utenti'
            WHEN 'service_places' THEN label_it || ': posti'
            WHEN 'service_spending' THEN label_it || ': spesa dei comuni'
            WHEN 'spend_per_user' THEN label_it || ': spesa dei comuni per utente'
            WHEN 'copay_per_user' THEN label_it || ': compartecipazione per utente'
            ELSE label_it || ': incidenza della compartecipazione sul costo del servizio' END || ' (dati locali)' AS label_it,
        CASE measure
            WHEN 'coverage' THEN label_en || ': users per ' || per_en || ' ' || plural_en
            WHEN 'places' THEN label_en || ': places per ' || per_en || ' ' || plural_en
            WHEN 'users' THEN label_en || ': users'
            WHEN 'service_places' THEN label_en || ': places'
            WHEN 'service_spending' THEN label_en || ': municipal spending'
            WHEN 'spend_per_user' THEN label_en || ': municipal spending per user'
            WHEN 'copay_per_user' THEN label_en || ': users'' co-payment per user'
            ELSE label_en || ': users'' co-payment as a share of the cost of the service' END || ' (local data)' AS label_en,
        CASE measure
            WHEN 'coverage' THEN 'Utenti del servizio / ' || plural_it || ' × ' || per_it
                || ' (residenti ISTAT al 1° gennaio dello stesso anno o dell''anno precedente più vicino).'
            WHEN 'places' THEN 'Posti del servizio / ' || plural_it || ' × ' || per_it
                || ' (residenti ISTAT al 1° gennaio dello stesso anno o dell''anno precedente più vicino).'
            WHEN 'users' THEN 'Utenti del servizio nell''anno.'
            WHEN 'service_places' THEN 'Posti del servizio nell''anno.'
            WHEN 'service_spending' THEN 'Spesa dei comuni per il servizio nell''anno, al netto della compartecipazione '
                || 'degli utenti (come nell''indagine ISTAT sugli interventi e servizi sociali dei comuni).'
            WHEN 'spend_per_user' THEN 'Spesa dei comuni per il servizio (al netto della compartecipazione degli utenti) / utenti.'
            WHEN 'copay_per_user' THEN 'Compartecipazione pagata dagli utenti / utenti.'
            ELSE 'Compartecipazione degli utenti / costo del servizio (spesa dei comuni + compartecipazione degli '
                || 'utenti) × 100.' END AS definition_it,
        CASE measure
            WHEN 'coverage' THEN 'Users of the service / ' || plural_en || ' × ' || per_en
                || ' (ISTAT residents on 1 January of the same year or of the nearest earlier year).'
            WHEN 'places' THEN 'Places of the service / ' || plural_en || ' × ' || per_en
                || ' (ISTAT residents on 1 January of the same year or of the nearest earlier year).'
            WHEN 'users' THEN 'Users of the service in the year.'
            WHEN 'service_places' THEN 'Places of the service in the year.'
            WHEN 'service_spending' THEN 'Municipal spending on the service in the year, net of the users'' '
                || 'co-payment (as in ISTAT''s survey of municipal social services).'
            WHEN 'spend_per_user' THEN 'Municipal spending on the service (net of the users'' co-payment) / users.'
            WHEN 'copay_per_user' THEN 'Co-payment paid by users / users.'
            ELSE 'Users'' co-payment / cost of the service (municipal spending + users'' co-payment) × 100.' END AS definition_en,
        CASE measure
            WHEN 'coverage' THEN 'utenti ogni ' || per_it || ' ' || plural_it
            WHEN 'places' THEN 'posti ogni ' || per_it || ' ' || plural_it
            WHEN 'copay_share' THEN '%' WHEN 'users' THEN 'utenti' WHEN 'service_places' THEN 'posti'
            WHEN 'service_spending' THEN '€'
            ELSE '€ per utente' END AS unit_it,
        CASE measure
            WHEN 'coverage' THEN 'users per ' || per_en || ' ' || plural_en
            WHEN 'places' THEN 'places per ' || per_en || ' ' || plural_en
            WHEN 'copay_share' THEN '%' WHEN 'users' THEN 'users' WHEN 'service_places' THEN 'places'
            WHEN 'service_spending' THEN '€'
            ELSE '€ per user' END AS unit_en,
        CASE measure
            WHEN 'coverage' THEN 'utenti'
            WHEN 'places' THEN 'posti'
            WHEN 'users' THEN 'utenti'
            WHEN 'service_places' THEN 'posti'
            WHEN 'service_spending' THEN 'spesa dei comuni (€)'
            WHEN 'spend_per_user' THEN 'spesa dei comuni (€)'
            ELSE 'compartecipazione degli utenti (€)' END AS numerator,
        CASE measure
            WHEN 'coverage' THEN 'users'
            WHEN 'places' THEN 'places'
            WHEN 'users' THEN 'users'
            WHEN 'service_places' THEN 'places'
            WHEN 'service_spending' THEN 'municipal spending (€)'
            WHEN 'spend_per_user' THEN 'municipal spending (€)'
            ELSE 'users'' co-payment (€)' END AS numerator_en,
        CASE measure
            WHEN 'coverage' THEN plural_it WHEN 'places' THEN plural_it
            WHEN 'copay_share' THEN 'costo del servizio: spesa dei comuni + compartecipazione (€)'
            WHEN 'users' THEN '' WHEN 'service_places' THEN '' WHEN 'service_spending' THEN '' ELSE 'utenti' END AS denominator,
        CASE measure
            WHEN 'coverage' THEN plural_en WHEN 'places' THEN plural_en
            WHEN 'copay_share' THEN 'cost of the service: municipal spending + co-payment (€)'
            WHEN 'users' THEN '' WHEN 'service_places' THEN '' WHEN 'service_spending' THEN '' ELSE 'users' END AS denominator_en,
        CASE WHEN measure IN ('coverage', 'places') THEN per WHEN measure = 'copay_share' THEN 100 ELSE 1 END AS multiplier,
        CASE WHEN measure = 'coverage' THEN 'higher_better' ELSE 'neutral' END AS polarity,
        CASE WHEN measure IN ('coverage', 'places', 'copay_share') THEN 1 ELSE 0 END AS decimals,
        CASE WHEN measure IN ('coverage', 'places') THEN 'byar' ELSE 'none' END AS interval,
        measure IN ('coverage', 'users') AS numerator_counts_people,
        measure IN ('coverage', 'places', 'spend_per_user', 'copay_per_user') AS denominator_counts_people
    FROM service_words
    UNION ALL
    SELECT indicator_id,
        CASE measure
            WHEN 'area_share' THEN 'Spesa per ' || lower(left(label_it, 1)) || substr(label_it, 2) || ': quota della spesa delle aree caricate'
            WHEN 'area_associated' THEN 'Spesa per ' || lower(left(label_it, 1)) || substr(label_it, 2) || ': quota gestita in forma associata'
            WHEN 'area_per_resident' THEN 'Spesa per ' || lower(left(label_it, 1)) || substr(label_it, 2) || ' per residente'
            ELSE 'Spesa per ' || lower(left(label_it, 1)) || substr(label_it, 2) || ' per ' || singular_it END || ' (dati locali)',
        CASE measure
            WHEN 'area_share' THEN 'Spending on ' || lower(left(label_en, 1)) || substr(label_en, 2) || ': share of the areas loaded'
            WHEN 'area_associated' THEN 'Spending on ' || lower(left(label_en, 1)) || substr(label_en, 2) || ': share managed jointly'
            WHEN 'area_per_resident' THEN 'Spending on ' || lower(left(label_en, 1)) || substr(label_en, 2) || ' per resident'
            ELSE 'Spending on ' || lower(left(label_en, 1)) || substr(label_en, 2) || ' per ' || singular_en END || ' (local data)',
        CASE measure
            WHEN 'area_share' THEN 'Spesa dei comuni nell''area «' || label_it
                || '» (al netto della compartecipazione degli utenti) / spesa di tutte le aree caricate × 100.'
            WHEN 'area_associated' THEN 'Spesa dei comuni nell''area «' || label_it
                || '» gestita in forma associata / spesa dei comuni nell''area × 100.'
            WHEN 'area_per_resident' THEN 'Spesa dei comuni nell''area «' || label_it
                || '» (al netto della compartecipazione degli utenti) / residenti ISTAT al 1° gennaio dello stesso '
                || 'anno o dell''anno precedente più vicino.'
            ELSE 'Spesa dei comuni nell''area «' || label_it || '» (al netto della compartecipazione degli utenti) / '
                || plural_it || ' (ISTAT, 1° gennaio dello stesso anno o dell''anno precedente più vicino).' END,
        CASE measure
            WHEN 'area_share' THEN 'Municipal spending in the area “' || label_en
                || '” (net of users'' co-payment) / spending in all areas loaded × 100.'
            WHEN 'area_associated' THEN 'Municipal spending in the area “' || label_en
                || '” managed jointly (in association) / municipal spending in the area × 100.'
            WHEN 'area_per_resident' THEN 'Municipal spending in the area “' || label_en
                || '” (net of users'' co-payment) / ISTAT residents on 1 January of the same year or of the nearest '
                || 'earlier year.'
            ELSE 'Municipal spending in the area “' || label_en || '” (net of users'' co-payment) / ' || plural_en
                || ' (ISTAT, 1 January of the same year or of the nearest earlier year).' END,
        CASE measure WHEN 'area_share' THEN '%' WHEN 'area_associated' THEN '%' WHEN 'area_per_resident' THEN '€ per residente'
            ELSE '€ per ' || singular_it END,
        CASE measure WHEN 'area_share' THEN '%' WHEN 'area_associated' THEN '%' WHEN 'area_per_resident' THEN '€ per resident'
            ELSE '€ per ' || singular_en END,
        CASE WHEN measure = 'area_associated' THEN 'spesa gestita in forma associata, area ' ELSE 'spesa dei comuni, area ' END
            || lower(left(label_it, 1)) || substr(label_it, 2) || ' (€)',
        CASE WHEN measure = 'area_associated' THEN 'spending managed jointly, ' ELSE 'municipal spending, ' END
            || lower(left(label_en, 1)) || substr(label_en, 2) || ' (€)',
        CASE measure WHEN 'area_share' THEN 'spesa delle aree caricate (€)' WHEN 'area_per_resident' THEN 'residenti'
            WHEN 'area_associated' THEN 'spesa dei comuni, area ' || lower(left(label_it, 1)) || substr(label_it, 2) || ' (€)'
            ELSE plural_it END,
        CASE measure WHEN 'area_share' THEN 'spending in the areas loaded (€)' WHEN 'area_per_resident' THEN 'residents'
            WHEN 'area_associated' THEN 'municipal spending, ' || lower(left(label_en, 1)) || substr(label_en, 2) || ' (€)'
            ELSE plural_en END,
        CASE WHEN measure IN ('area_share', 'area_associated') THEN 100 ELSE 1 END,
        'neutral',
        CASE WHEN measure IN ('area_share', 'area_associated') THEN 1 ELSE 2 END,
        'none',
        false,
        measure NOT IN ('area_share', 'area_associated')
    FROM area_words
    UNION ALL
    SELECT * FROM (VALUES
        ('local_associated_share',
         'Quota della spesa sociale gestita in forma associata (dati locali)',
         'Share of social spending managed jointly by the social district (local data)',
         'Spesa gestita in forma associata / spesa delle aree caricate di cui è nota la spesa gestita in forma associata × 100.',
         'Spending managed jointly (in association) / spending in the areas loaded whose jointly managed spending is known × 100.',
         '%', '%', 'spesa gestita in forma associata (€)', 'spending managed jointly (€)',
         'spesa delle aree caricate (€)', 'spending in the areas loaded (€)', 100.0, 'neutral', 1, 'none', false, false),
        ('local_spending_total',
         'Spesa sociale dei comuni nelle aree caricate (dati locali)',
         'Municipal social spending in the areas loaded (local data)',
         'Somma della spesa dei comuni nelle aree caricate, al netto della compartecipazione degli utenti.',
         'Sum of municipal spending in the areas loaded, net of users'' co-payment.',
         '€', '€', 'spesa dei comuni (€)', 'municipal spending (€)', '', '', 1.0, 'neutral', 0, 'none', false, false),
        ('local_spending_per_resident',
         'Spesa sociale dei comuni per residente (dati locali)',
         'Municipal social spending per resident (local data)',
         'Spesa dei comuni in tutte le aree caricate / residenti ISTAT al 1° gennaio dello stesso anno o dell''anno precedente più vicino.',
         'Municipal spending in all areas loaded / ISTAT residents on 1 January of the same year or of the nearest earlier year.',
         '€ per residente', '€ per resident', 'spesa dei comuni (€)', 'municipal spending (€)', 'residenti', 'residents',
         1.0, 'neutral', 2, 'none', false, true)
    ) AS fixed(indicator_id, label_it, label_en, definition_it, definition_en, unit_it, unit_en, numerator,
               numerator_en, denominator, denominator_en, multiplier, polarity, decimals, interval,
               numerator_counts_people, denominator_counts_people)
    WHERE indicator_id IN (SELECT indicator_id FROM used)
)
SELECT indicator_id AS id, 'dati_locali' AS topic, label_it, label_en, definition_it, definition_en, unit_it, unit_en,
       numerator, denominator, multiplier,
       CASE WHEN indicator_id = 'local_spending_total' OR regexp_matches(indicator_id, '^local_(users|service_places|service_spending)_')
            THEN 'sum' ELSE 'ratio' END AS aggregation,
       polarity, decimals, false AS headline,
       'Dato caricato dall''Ufficio di Piano e controllato dal cruscotto (codici, numeri, doppioni); non è una statistica ufficiale.' AS caveat_it,
       'Figure loaded by the Ufficio di Piano (social planning office) and checked by the dashboard (codes, numbers, duplicates); not an official statistic.' AS caveat_en,
       interval, numerator_en, denominator_en, numerator_counts_people, denominator_counts_people
FROM described
ORDER BY id;

-- One source per loading ambito with figures: the load that wrote its current rows (highest version among them).
CREATE OR REPLACE TABLE local_source AS
WITH loading AS (
    SELECT ambito_code, max(version) AS version, min(year) AS first_year, max(year) AS last_year
    FROM (SELECT ambito_code, version, year FROM service UNION ALL SELECT ambito_code, version, year FROM area_spending)
    WHERE 'local:' || ambito_code IN (SELECT source_id FROM local_observation_base)
    GROUP BY ambito_code
),
loaded AS (
    SELECT l.*, u.file_name, u.file_sha256,
           strftime(timezone('Europe/Rome', u.loaded_at::TIMESTAMPTZ), '%d/%m/%Y') AS loaded_on,
           coalesce(t.name, a.name, l.ambito_code) AS ambito_name
    FROM loading l
    LEFT JOIN upload u ON u.version = l.version
    LEFT JOIN (SELECT code, any_value(name) AS name FROM territory WHERE level = 'ambito' GROUP BY code) t
           ON t.code = l.ambito_code
    LEFT JOIN local_ambito a ON a.code = l.ambito_code
),
worded AS (
    SELECT *,
           coalesce(loaded_on, '?') AS on_date,
           CASE WHEN first_year = last_year THEN CAST(first_year AS VARCHAR)
                ELSE first_year || '-' || last_year END AS years
    FROM loaded
)
SELECT 'local:' || ambito_code AS source_id,
       'Dati caricati dall''Ufficio di Piano dell''ambito «' || ambito_name || '», il ' || on_date
           || ' (versione ' || version || ')' AS name_it,
       'Data loaded by the Ufficio di Piano of the social district “' || ambito_name || '” on ' || on_date
           || ' (version ' || version || ')' AS name_en,
       'Ufficio di Piano dell''ambito «' || ambito_name || '»' AS publisher,
       'Ufficio di Piano (social planning office) of the social district “' || ambito_name || '”' AS publisher_en,
       'dato locale, non pubblicato dall''ISTAT' AS licence,
       'local data, not published by ISTAT' AS licence_en,
       'Fonte: Ufficio di Piano dell''ambito «' || ambito_name || '»' AS attribution,
       'Source: Ufficio di Piano of the social district “' || ambito_name || '”' AS attribution_en,
       CASE WHEN first_year = last_year THEN 'anno ' ELSE 'anni ' END || years AS reference,
       CASE WHEN first_year = last_year THEN 'year ' ELSE 'years ' END || years AS reference_en,
       'caricato sul cruscotto il ' || on_date || ' (versione ' || version || ')' AS obtained_from,
       'loaded into the dashboard on ' || on_date || ' (version ' || version || ')' AS obtained_from_en,
       coalesce(file_name, '') || CASE WHEN file_sha256 IS NULL THEN '' ELSE ' (sha256 ' || left(file_sha256, 12) || '…)' END AS raw_files,
       'Dati caricati dall''Ufficio di Piano e controllati dal cruscotto; non sono statistiche ufficiali.' AS caveat_it,
       'Data loaded by the Ufficio di Piano and checked by the dashboard; not official statistics.' AS caveat_en
FROM worded
ORDER BY source_id;

DROP TABLE derive_figure;
DROP TABLE derive_measure;
DROP TABLE derive_partial_target;
DROP TABLE derive_target_for;
DROP TABLE derive_unit_target;
DROP TABLE derive_area_total;
DROP TABLE derive_unit;
DROP TABLE derive_part;
DROP TABLE derive_area_row;
DROP TABLE derive_service_row;
DROP TABLE derive_ambito_size;
DROP TABLE derive_known_ambito;
DROP TABLE derive_member;
DROP TABLE derive_target_words;
