-- database_check.sql — reads the whole observation table: fails on a truncated or half-copied database file.
-- Run by cruscotto/db.py Database.check before a file is served (cruscotto/database_file.py).
-- Used by: every page, cli, server
-- Parameters: none
-- Returns: observations, value_sum
SELECT count(*) AS observations, sum(value) AS value_sum FROM observation;
