-- local_service_spending.sql — spending per user and co-payment per service from planners' data (the Cremona
-- plan's "spesa dei comuni e degli utenti"), every loaded year: users, places, the comuni's spending (net of the
-- users' co-payment, as ISTAT counts it), users' co-payment, spending and co-payment per user, co-payment share of
-- the cost of the service (spending + co-payment). From the figures of cruscotto/local/sql/derive.sql (ids
-- local_users_*, local_service_places_*, local_service_spending_*, local_spend_per_user_*, local_copay_per_user_*,
-- local_copay_share_*); a blank stays NULL, never zero. Users, places, spending and co-payment are an ambito's
-- only when its rows cover every member comune (or it loaded the service at its own code): the co-payment is the
-- numerator of a rate, so it is taken only from a rate that rests on the whole ambito (no note "parts").
-- Used by: spesa
-- Parameters: $territory
-- Returns: year, service, users, places, spending_eur, copayment_eur, spend_per_user, copay_per_user,
--          copay_share_pct, status, flag, notes (the stored notes of the service's figures, a list), source_id,
--          source_name
WITH parts AS (
    SELECT year,
           regexp_extract(indicator_id, '^local_(users|service_places|service_spending|spend_per_user|copay_per_user|copay_share)_(.+)$', 1) AS measure,
           regexp_extract(indicator_id, '^local_(users|service_places|service_spending|spend_per_user|copay_per_user|copay_share)_(.+)$', 2) AS service,
           value, numerator, denominator, status, flag, note, source_id,
           coalesce(note, '') NOT LIKE '%"code": "parts"%' AS whole
    FROM observation
    WHERE territory_code = $territory
      AND regexp_matches(indicator_id, '^local_(users|service_places|service_spending|spend_per_user|copay_per_user|copay_share)_')
),
services AS (
    SELECT year, service,
           any_value(value) FILTER (measure = 'users') AS users,
           any_value(value) FILTER (measure = 'service_places') AS places,
           any_value(value) FILTER (measure = 'service_spending') AS spending_eur,
           coalesce(any_value(numerator) FILTER (measure = 'copay_share' AND whole),
                    any_value(numerator) FILTER (measure = 'copay_per_user' AND whole)) AS copayment_eur,
           any_value(value) FILTER (measure = 'spend_per_user') AS spend_per_user,
           any_value(value) FILTER (measure = 'copay_per_user') AS copay_per_user,
           any_value(value) FILTER (measure = 'copay_share') AS copay_share_pct,
           CASE WHEN bool_or(status = 'provisional') THEN 'provisional' ELSE 'final' END AS status,
           any_value(flag) FILTER (measure = 'spend_per_user') AS flag,
           list(DISTINCT note ORDER BY note) FILTER (note IS NOT NULL) AS notes,
           any_value(source_id) AS source_id
    FROM parts GROUP BY year, service
)
SELECT v.year, v.service, v.users, v.places, v.spending_eur, v.copayment_eur, v.spend_per_user, v.copay_per_user,
       v.copay_share_pct, v.status, v.flag, v.notes, v.source_id, s.name_it AS source_name
FROM services v
JOIN source s ON s.source_id = v.source_id
ORDER BY v.year, v.spending_eur DESC NULLS LAST, v.service;
