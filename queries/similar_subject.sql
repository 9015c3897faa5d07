-- similar_subject.sql — the territory `python -m cruscotto simili CODE` was asked about: its name and
-- level (no row for an unknown code).
-- Used by: cli
-- Parameters: $territory
-- Returns: code, name, level
SELECT code, name, level FROM territory WHERE code = $territory;
