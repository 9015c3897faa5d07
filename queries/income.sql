-- income.sql — MEF IRPEF by tax year: taxpayers, average total income per filer, share of filers
-- with total income up to 10,000 and 15,000 EUR (no income classes for 2024).
-- Parameters: $territory
-- Returns: year, taxpayers, income_per_taxpayer, low_income_share_10k, low_income_share_15k, filers
SELECT year,
       max(value) FILTER (WHERE indicator_id = 'taxpayers') AS taxpayers,
       max(value) FILTER (WHERE indicator_id = 'income_per_taxpayer') AS income_per_taxpayer,
       max(value) FILTER (WHERE indicator_id = 'low_income_share_10k') AS low_income_share_10k,
       max(value) FILTER (WHERE indicator_id = 'low_income_share_15k') AS low_income_share_15k,
       max(denominator) FILTER (WHERE indicator_id = 'income_per_taxpayer') AS filers
FROM observation
WHERE territory_code = $territory
  AND indicator_id IN ('taxpayers', 'income_per_taxpayer', 'low_income_share_10k', 'low_income_share_15k')
GROUP BY year
ORDER BY year;
