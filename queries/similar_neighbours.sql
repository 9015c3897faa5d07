-- similar_neighbours.sql — a comune's similar comuni (statistical neighbours), nearest first (built in the
-- database by cruscotto/build/similar.py); none for a territory that is not a comune or lacks a feature.
-- Used by: panoramica, confronta, mappa, cli, server
-- Parameters: $territory
-- Returns: rank, code, name, distance
SELECT s.rank, s.neighbour_code AS code, t.name, s.distance
FROM similar_comune s JOIN territory t ON t.code = s.neighbour_code
WHERE s.comune_code = $territory
ORDER BY s.rank;
