-- Connector names become unique per environment, case-insensitively (next migration). Existing
-- duplicates keep their oldest holder's name; the others get a visible suffix " (2)", " (3)", …
WITH ranked AS (
  SELECT id, name,
         row_number() OVER (PARTITION BY environment_id, lower(name) ORDER BY created_at, id) AS n
  FROM connectors
)
UPDATE connectors c
SET name = ranked.name || ' (' || ranked.n || ')'
FROM ranked
WHERE c.id = ranked.id AND ranked.n > 1;
